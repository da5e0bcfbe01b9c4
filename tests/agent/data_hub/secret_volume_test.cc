#include "veil/agent/data_hub/secret_volume.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include <signal.h>
#include <sys/wait.h>

#include <cerrno>
#include <cstring>
#include <fstream>
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
  EXPECT_NE(again.error().message.find("token: File exists"), std::string::npos)
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

TEST_F(SecretVolumeTest, AReplacedFileIsSwappedWholeWhileAReaderKeepsTheOldOne) {
  ASSERT_TRUE(volume_->ReplaceFile("tls.crt", AsBytes("first")));
  const std::filesystem::path path = volume_->dir() / "tls.crt";
  struct stat info {};
  ASSERT_EQ(stat(path.c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 07777, 0400u);
  EXPECT_EQ(info.st_uid, geteuid());
  const UniqueFd reader(open(path.c_str(), O_RDONLY | O_CLOEXEC));
  ASSERT_TRUE(volume_->ReplaceFile("tls.crt", AsBytes("second")));
  EXPECT_EQ(ReadAll(reader.get()), "first");  // not wiped: the workload may still read it
  const UniqueFd now(open(path.c_str(), O_RDONLY | O_CLOEXEC));
  EXPECT_EQ(ReadAll(now.get()), "second");
  EXPECT_FALSE(std::filesystem::exists(volume_->dir() / "tls.crt.veil-new"));
}

TEST_F(SecretVolumeTest, AReplacementGoesThroughWhateverTheWorkloadLeftAtTheTemporaryName) {
  ASSERT_TRUE(volume_->ReplaceFile("tls.crt", AsBytes("first")));
  std::filesystem::create_symlink(root_ / "elsewhere", volume_->dir() / "tls.crt.veil-new");
  ASSERT_TRUE(volume_->ReplaceFile("tls.crt", AsBytes("second")));
  EXPECT_FALSE(std::filesystem::exists(root_ / "elsewhere"));
  const UniqueFd now(open((volume_->dir() / "tls.crt").c_str(), O_RDONLY | O_CLOEXEC));
  EXPECT_EQ(ReadAll(now.get()), "second");
}

// Issue 19 finding 1: the payload directory is the agent's (0700) while it is filled, and the
// workload user's only once HandOver is called, after the extraction is complete.
TEST_F(SecretVolumeTest, APayloadDirectoryIsTheAgentsUntilHandedOver) {
  auto workload = volume_->MakeDirectory("workload");
  ASSERT_TRUE(workload) << workload.error().ToString();
  struct stat info {};
  ASSERT_EQ(fstat(workload->fd.get(), &info), 0);
  EXPECT_EQ(info.st_mode & 07777, 0700u);
  EXPECT_EQ(info.st_uid, geteuid());
  ASSERT_TRUE(volume_->HandOver(*workload));
  ASSERT_EQ(fstat(workload->fd.get(), &info), 0);
  EXPECT_EQ(info.st_mode & 07777, 0750u);
  EXPECT_EQ(info.st_uid, CurrentUser().uid);
  EXPECT_FALSE(volume_->MakeDirectory("workload"));  // never an existing name
  EXPECT_FALSE(volume_->MakeDirectory("../escape"));
}

// --- Fallback mode: a tmpfs the agent did not mount (issue 19 finding 3) ------------------------

class FallbackVolumeTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char pattern[] = "/dev/shm/veil-fallback-XXXXXX";
    ASSERT_NE(mkdtemp(pattern), nullptr)
        << "cannot create " << pattern << ": " << std::strerror(errno);
    root_ = pattern;
    dir_ = root_ / "secrets";
    ASSERT_TRUE(std::filesystem::create_directory(dir_));
    std::filesystem::permissions(dir_, std::filesystem::perms(0700));
  }
  void TearDown() override {
    std::error_code ignored;
    if (!root_.empty()) std::filesystem::remove_all(root_, ignored);
  }
  Result<SecretVolume> OpenVolume() const {
    return SecretVolume::Open(dir_, 1 << 20, CurrentUser(), VolumeMode::kExistingOnly);
  }
  // What a run leaves when it is killed with -9 after writing a secret and a payload tree.
  void RunKilledAfterWriting() const {
    const pid_t child = fork();
    ASSERT_GE(child, 0);
    if (child == 0) {
      auto volume = OpenVolume();
      if (!volume || !volume->WriteSecretFile("token", AsBytes("s3cret"))) _exit(1);
      auto workload = volume->MakeDirectory("workload");
      if (!workload || mkdirat(workload->fd.get(), "sub", 0700) != 0) _exit(1);
      kill(getpid(), SIGKILL);
      _exit(1);
    }
    int status = 0;
    ASSERT_EQ(waitpid(child, &status, 0), child);
    ASSERT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL) << status;
  }
  bool Exists(const std::string& name) const {
    return std::filesystem::exists(std::filesystem::symlink_status(dir_ / name));
  }

  std::filesystem::path root_;
  std::filesystem::path dir_;
};

TEST_F(FallbackVolumeTest, CleansUpWhatItWroteAndItsJournal) {
  {
    auto volume = OpenVolume();
    ASSERT_TRUE(volume) << volume.error().ToString();
    EXPECT_FALSE(volume->mounted());
    ASSERT_TRUE(volume->WriteSecretFile("token", AsBytes("s3cret")));
    auto workload = volume->MakeDirectory("workload");
    ASSERT_TRUE(workload) << workload.error().ToString();
    ASSERT_TRUE(volume->HandOver(*workload));
    EXPECT_TRUE(Exists(std::string(kJournalName)));
    ASSERT_TRUE(volume->Cleanup());
  }
  EXPECT_TRUE(std::filesystem::is_empty(dir_));
}

TEST_F(FallbackVolumeTest, ARunAfterKillNineRemovesWhatTheKilledRunLeft) {
  RunKilledAfterWriting();
  ASSERT_TRUE(Exists("token"));
  ASSERT_TRUE(Exists("workload"));
  ASSERT_TRUE(Exists(std::string(kJournalName)));

  auto volume = OpenVolume();
  ASSERT_TRUE(volume) << volume.error().ToString();
  EXPECT_FALSE(Exists("token"));
  EXPECT_FALSE(Exists("workload"));
  // The same names can be written again: no "File exists".
  ASSERT_TRUE(volume->WriteSecretFile("token", AsBytes("new")));
  ASSERT_TRUE(volume->MakeDirectory("workload"));
  ASSERT_TRUE(volume->Cleanup());
  EXPECT_TRUE(std::filesystem::is_empty(dir_));
}

TEST_F(FallbackVolumeTest, ReplacedFilesAreRemovedAndNeverTakeOverAnotherName) {
  std::ofstream(dir_ / "ca.crt") << "the administrator's";
  {
    auto volume = OpenVolume();
    ASSERT_TRUE(volume) << volume.error().ToString();
    ASSERT_TRUE(volume->ReplaceFile("tls.crt", AsBytes("first")));
    ASSERT_TRUE(volume->ReplaceFile("tls.crt", AsBytes("second")));
    auto refused = volume->ReplaceFile("ca.crt", AsBytes("ours"));
    ASSERT_FALSE(refused);
    EXPECT_NE(refused.error().message.find("exists already"), std::string::npos)
        << refused.error().message;
    ASSERT_TRUE(volume->Cleanup());
  }
  EXPECT_FALSE(Exists("tls.crt"));
  EXPECT_FALSE(Exists(std::string(kJournalName)));
  EXPECT_TRUE(Exists("ca.crt"));
}

TEST_F(FallbackVolumeTest, RefusesADirectoryAnotherLiveAgentUses) {
  auto first = OpenVolume();
  ASSERT_TRUE(first) << first.error().ToString();
  ASSERT_TRUE(first->WriteSecretFile("token", AsBytes("s3cret")));
  auto second = OpenVolume();
  ASSERT_FALSE(second);
  EXPECT_NE(second.error().message.find("is in use by another veil-agent"), std::string::npos)
      << second.error().message;
  EXPECT_TRUE(Exists("token"));  // the live run's secret is left alone
}

TEST_F(FallbackVolumeTest, ANameItDidNotCreateIsNeverRemoved) {
  std::ofstream(dir_ / "token") << "the administrator's";
  {
    auto volume = OpenVolume();
    ASSERT_TRUE(volume) << volume.error().ToString();
    ASSERT_FALSE(volume->WriteSecretFile("token", AsBytes("s3cret")));
  }
  {
    auto again = OpenVolume();  // nor by a later run reading the journal
    ASSERT_TRUE(again) << again.error().ToString();
  }
  EXPECT_TRUE(Exists("token"));
  EXPECT_FALSE(Exists(std::string(kJournalName)));
}

TEST_F(FallbackVolumeTest, AJournalItCannotReadIsRefusedSayingWhatToRemove) {
  std::ofstream(dir_ / std::string(kJournalName)) << "../../etc/passwd\n";
  chmod((dir_ / std::string(kJournalName)).c_str(), 0600);
  auto volume = OpenVolume();
  ASSERT_FALSE(volume);
  EXPECT_NE(volume.error().message.find(".veil-agent-entries holds a line that is not a name"),
            std::string::npos)
      << volume.error().message;
  EXPECT_NE(volume.error().message.find("by hand"), std::string::npos) << volume.error().message;
}

// The workload owns the payload tree and swaps a directory in it for a symlink to a directory of
// someone else's: cleanup removes the symlink and never what it points to.
TEST_F(FallbackVolumeTest, CleanupNeverFollowsASymlinkTheWorkloadPutInItsTree) {
  const std::filesystem::path victim = root_ / "victim";
  std::filesystem::create_directory(victim);
  std::ofstream(victim / "keep") << "keep";
  auto volume = OpenVolume();
  ASSERT_TRUE(volume) << volume.error().ToString();
  auto workload = volume->MakeDirectory("workload");
  ASSERT_TRUE(workload) << workload.error().ToString();
  ASSERT_TRUE(volume->HandOver(*workload));
  std::filesystem::create_directories(workload->path / "a/b");
  std::ofstream(workload->path / "a/b/f") << "f";
  std::filesystem::rename(workload->path / "a", workload->path / "moved");
  std::filesystem::create_directory_symlink(victim, workload->path / "a");
  ASSERT_TRUE(volume->Cleanup());
  EXPECT_TRUE(std::filesystem::is_empty(dir_));
  EXPECT_TRUE(std::filesystem::exists(victim / "keep"));
}

}  // namespace
}  // namespace veil::agent
