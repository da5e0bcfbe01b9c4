#include "veil/agent/data_hub/secret_volume.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <optional>
#include <string>

#include "veil/base/unique_fd.h"

namespace veil::agent {
namespace {

ByteSpan AsBytes(std::string_view text) {
  return {reinterpret_cast<const std::uint8_t*>(text.data()), text.size()};
}

// The volume lives on tmpfs: as root the agent mounts one (in this test's own mount namespace, so
// nothing outside sees it); without privilege it accepts a directory already on /dev/shm.
class SecretVolumeTest : public ::testing::Test {
 protected:
  void SetUp() override {
    (void)SecretVolume::EnterPrivateMountNamespace();
    char pattern[] = "/dev/shm/veil-volume-XXXXXX";
    ASSERT_NE(mkdtemp(pattern), nullptr)
        << "cannot create " << pattern << ": " << std::strerror(errno);
    root_ = pattern;
    auto volume = SecretVolume::Open(root_ / "secrets", 1 << 20, CurrentUser());
    ASSERT_TRUE(volume) << volume.error().ToString();
    volume_.emplace(std::move(*volume));
  }
  void TearDown() override {
    volume_.reset();
    std::error_code ignored;
    if (!root_.empty()) std::filesystem::remove_all(root_, ignored);
  }

  std::filesystem::path root_;
  std::optional<SecretVolume> volume_;
};

std::string ReadAll(int fd) {
  std::string text(4096, '?');
  const ssize_t got = pread(fd, text.data(), text.size(), 0);
  VEIL_CHECK(got >= 0);
  text.resize(static_cast<std::size_t>(got));
  return text;
}

TEST_F(SecretVolumeTest, WritesSecretFilesReadableOnlyByTheirOwner) {
  ASSERT_TRUE(volume_->WriteSecretFile("token", AsBytes("s3cret")));
  struct stat info {};
  ASSERT_EQ(lstat((volume_->dir() / "token").c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 07777, 0400u);
  const UniqueFd fd(open((volume_->dir() / "token").c_str(), O_RDONLY | O_CLOEXEC));
  EXPECT_EQ(ReadAll(fd.get()), "s3cret");
}

TEST_F(SecretVolumeTest, RefusesToReplaceAnExistingFile) {
  ASSERT_TRUE(volume_->WriteSecretFile("token", AsBytes("first")));
  auto again = volume_->WriteSecretFile("token", AsBytes("second"));
  ASSERT_FALSE(again);
  EXPECT_NE(again.error().message.find("exists (a file)"), std::string::npos)
      << again.error().message;
  const UniqueFd fd(open((volume_->dir() / "token").c_str(), O_RDONLY | O_CLOEXEC));
  EXPECT_EQ(ReadAll(fd.get()), "first");
}

// What a failure after delivery leaves: the volume is destroyed on the way out. A reader that
// still holds the file open sees zeros where the secret was, and the name is gone.
TEST_F(SecretVolumeTest, SecretsAreOverwrittenAndRemovedWhenTheVolumeGoes) {
  ASSERT_TRUE(volume_->WriteSecretFile("first", AsBytes("secret-one")));
  ASSERT_TRUE(volume_->WriteSecretFile("second", AsBytes("secret-two-longer")));
  const std::filesystem::path first = volume_->dir() / "first";
  const std::filesystem::path second = volume_->dir() / "second";
  const UniqueFd held_first(open(first.c_str(), O_RDONLY | O_CLOEXEC));
  const UniqueFd held_second(open(second.c_str(), O_RDONLY | O_CLOEXEC));
  ASSERT_TRUE(held_first.valid() && held_second.valid());
  volume_.reset();
  EXPECT_EQ(ReadAll(held_first.get()), std::string(10, '\0'));
  EXPECT_EQ(ReadAll(held_second.get()), std::string(17, '\0'));
  EXPECT_FALSE(std::filesystem::exists(std::filesystem::symlink_status(first)));
  EXPECT_FALSE(std::filesystem::exists(std::filesystem::symlink_status(second)));
}

TEST_F(SecretVolumeTest, ALaterFailedDeliveryDoesNotSpareTheEarlierSecrets) {
  ASSERT_TRUE(volume_->WriteSecretFile("kept", AsBytes("secret")));
  const UniqueFd held(open((volume_->dir() / "kept").c_str(), O_RDONLY | O_CLOEXEC));
  EXPECT_FALSE(volume_->WriteSecretFile("missing/dir", AsBytes("x")));  // cannot be created
  volume_.reset();  // as Prepare() returns its error
  EXPECT_EQ(ReadAll(held.get()), std::string(6, '\0'));
}

TEST_F(SecretVolumeTest, AReplacedNameIsNotRemovedButTheSecretIsStillWiped) {
  ASSERT_TRUE(volume_->WriteSecretFile("token", AsBytes("secret")));
  const std::filesystem::path path = volume_->dir() / "token";
  const UniqueFd held(open(path.c_str(), O_RDONLY | O_CLOEXEC));
  // The workload renames the secret away: the agent still wipes the file it wrote.
  std::filesystem::rename(path, volume_->dir() / "moved");
  volume_.reset();
  EXPECT_EQ(ReadAll(held.get()), std::string(6, '\0'));
}

}  // namespace
}  // namespace veil::agent
