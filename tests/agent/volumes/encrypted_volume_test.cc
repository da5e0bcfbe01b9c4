// EncryptedVolume with the real gocryptfs over FUSE, in this test's own mount namespace (the test
// runs as root, as veil-agent must for volumes).

#include "veil/agent/volumes/encrypted_volume.h"

#include <gtest/gtest.h>
#include <signal.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

#include "killed_parent.h"
#include "veil/agent/data_hub/secret_volume.h"
#include "veil/agent/volumes/workload_volumes.h"

namespace veil::agent {
namespace {

constexpr std::string_view kClearText = "the workload's state: 42 widgets";

ByteSpan AsBytes(std::string_view text) {
  return {reinterpret_cast<const std::uint8_t*>(text.data()), text.size()};
}

std::string Slurp(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

class EncryptedVolumeTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    const Status isolated = SecretVolume::EnterPrivateMountNamespace();
    ASSERT_TRUE(isolated) << "these tests mount FUSE file systems and must run as root: "
                          << isolated.error().ToString();
  }

  void SetUp() override {
    auto tool = Gocryptfs::Find();
    ASSERT_TRUE(tool) << tool.error().ToString();
    gocryptfs_.emplace(std::move(*tool));
    char pattern[] = "/tmp/veil-encrypted-volume-XXXXXX";
    ASSERT_NE(mkdtemp(pattern), nullptr) << std::strerror(errno);
    root_ = pattern;
    config_.emplace(EncryptedVolumeConfig{"data", root_ / "cipher", root_ / "plain",
                                          protocol::ResourcePath::Parse("app/volume/data").value(),
                                          true});
  }

  void TearDown() override {
    if (config_) umount2(config_->mountpoint.c_str(), MNT_DETACH);
    std::error_code ignored;
    std::filesystem::remove_all(root_, ignored);
  }

  Result<EncryptedVolume> Open(std::string_view key) {
    return EncryptedVolume::Open(*config_, AsBytes(key), CurrentUser(), *gocryptfs_);
  }

  // Opens the volume, writes `kClearText` into state.txt, and closes it again.
  void WriteState() {
    auto volume = Open(kKey);
    ASSERT_TRUE(volume) << volume.error().ToString();
    std::ofstream(config_->mountpoint / "state.txt", std::ios::binary) << kClearText;
    ASSERT_TRUE(volume->Close());
  }

  // Flips one bit near the end of state.txt's ciphertext, on the untrusted disk.
  void TamperWithTheStateFile() const {
    const auto files = CipherFiles();
    ASSERT_EQ(files.size(), 1u);
    std::string bytes = Slurp(files[0]);
    bytes[bytes.size() - 5] = static_cast<char>(bytes[bytes.size() - 5] ^ 0x01);
    std::ofstream(files[0], std::ios::binary | std::ios::trunc) << bytes;
  }

  // Every ciphertext file except gocryptfs's own.
  std::vector<std::filesystem::path> CipherFiles() const {
    std::vector<std::filesystem::path> files;
    for (const auto& entry : std::filesystem::recursive_directory_iterator(config_->source)) {
      const std::string name = entry.path().filename().string();
      if (entry.is_regular_file() && name.rfind("gocryptfs.", 0) != 0) files.push_back(entry);
    }
    return files;
  }

  static constexpr std::string_view kKey = "0123456789abcdef0123456789abcdef";
  std::optional<Gocryptfs> gocryptfs_;
  std::filesystem::path root_;
  std::optional<EncryptedVolumeConfig> config_;
};

TEST_F(EncryptedVolumeTest, AFirstOpenInitialisesAndTheNextReadsBackWhatWasWritten) {
  WriteState();
  // Closed: the mountpoint is an empty directory again, and the disk holds only ciphertext.
  EXPECT_TRUE(std::filesystem::is_empty(config_->mountpoint));
  EXPECT_TRUE(std::filesystem::exists(config_->source / "gocryptfs.conf"));
  const auto files = CipherFiles();
  ASSERT_EQ(files.size(), 1u);
  EXPECT_EQ(files[0].filename().string().find("state"), std::string::npos) << files[0];
  EXPECT_EQ(Slurp(files[0]).find("widgets"), std::string::npos);

  auto again = Open(kKey);
  ASSERT_TRUE(again) << again.error().ToString();
  EXPECT_EQ(Slurp(config_->mountpoint / "state.txt"), kClearText);
}

TEST_F(EncryptedVolumeTest, FilesOfAnEarlierRunsUidAreGivenToThisRunsWorkloadUser) {
  WriteState();
  const WorkloadUser next_run{"veil-test", 54321, 54322, {54322}};
  auto volume = EncryptedVolume::Open(*config_, AsBytes(kKey), next_run, *gocryptfs_);
  ASSERT_TRUE(volume) << volume.error().ToString();
  struct stat info {};
  ASSERT_EQ(stat((config_->mountpoint / "state.txt").c_str(), &info), 0);
  EXPECT_EQ(info.st_uid, 54321u);
  EXPECT_EQ(info.st_gid, 54322u);
  ASSERT_EQ(stat(config_->mountpoint.c_str(), &info), 0);
  EXPECT_EQ(info.st_uid, 54321u) << "the volume's root is the workload's";
}

TEST_F(EncryptedVolumeTest, AnotherKeyIsRefusedBeforeAnythingIsMounted) {
  WriteState();
  auto volume = Open("fedcba9876543210fedcba9876543210");
  ASSERT_FALSE(volume);
  EXPECT_EQ(volume.error().code, ErrorCode::kVerificationFailed);
  EXPECT_NE(volume.error().ToString().find("volume data"), std::string::npos);
  EXPECT_NE(volume.error().message.find("the key does not open it"), std::string::npos)
      << volume.error().ToString();
  EXPECT_TRUE(std::filesystem::is_empty(config_->mountpoint));
}

TEST_F(EncryptedVolumeTest, ATamperedFileIsRefusedBeforeTheWorkloadStarts) {
  WriteState();
  TamperWithTheStateFile();
  auto volume = Open(kKey);
  ASSERT_FALSE(volume);
  EXPECT_EQ(volume.error().code, ErrorCode::kVerificationFailed);
  EXPECT_NE(volume.error().message.find("fail authentication"), std::string::npos)
      << volume.error().ToString();
  EXPECT_NE(volume.error().message.find("1 corrupt files"), std::string::npos)
      << volume.error().ToString();
  EXPECT_TRUE(std::filesystem::is_empty(config_->mountpoint));
}

TEST_F(EncryptedVolumeTest, WithoutVerifyATamperedBlockIsAnIoErrorNotWrongData) {
  WriteState();
  TamperWithTheStateFile();
  config_->verify = false;
  auto volume = Open(kKey);
  ASSERT_TRUE(volume) << volume.error().ToString();
  std::ifstream in(config_->mountpoint / "state.txt", std::ios::binary);
  std::string read_back;
  std::getline(in, read_back);
  EXPECT_TRUE(in.bad() || read_back.empty()) << read_back;
}

TEST_F(EncryptedVolumeTest, ADirectoryWithFilesButNoVolumeIsLeftAlone) {
  std::filesystem::create_directories(config_->source);
  std::ofstream(config_->source / "precious.db") << "not ours";
  auto volume = Open(kKey);
  ASSERT_FALSE(volume);
  EXPECT_NE(volume.error().message.find("holds files but no gocryptfs.conf"), std::string::npos)
      << volume.error().ToString();
  EXPECT_EQ(Slurp(config_->source / "precious.db"), "not ours");
  EXPECT_FALSE(std::filesystem::exists(config_->source / "gocryptfs.conf"));
}

TEST_F(EncryptedVolumeTest, AShortKeyIsRefused) {
  auto volume = Open("short");
  ASSERT_FALSE(volume);
  EXPECT_EQ(volume.error().code, ErrorCode::kInvalidArgument);
  EXPECT_NE(volume.error().message.find("5 bytes; at least 16"), std::string::npos)
      << volume.error().ToString();
  EXPECT_FALSE(std::filesystem::exists(config_->source / "gocryptfs.conf"));
}

TEST_F(EncryptedVolumeTest, ClosingStopsTheDaemonAndASecondCloseIsHarmless) {
  auto volume = Open(kKey);
  ASSERT_TRUE(volume) << volume.error().ToString();
  const pid_t daemon = volume->daemon_pid();
  ASSERT_GT(daemon, 0);
  EXPECT_EQ(kill(daemon, 0), 0);
  ASSERT_TRUE(volume->Close());
  EXPECT_NE(kill(daemon, 0), 0) << "gocryptfs still runs after Close";
  EXPECT_TRUE(volume->Close());
  EXPECT_EQ(volume->daemon_pid(), -1);
}

TEST_F(EncryptedVolumeTest, AClosedVolumeIsClosedEvenWhileAFileInItIsOpen) {
  auto volume = Open(kKey);
  ASSERT_TRUE(volume) << volume.error().ToString();
  std::ofstream held(config_->mountpoint / "held.txt");
  held << "x" << std::flush;
  ASSERT_TRUE(volume->Close());
  struct stat info {};
  const int stat_result = stat(config_->mountpoint.c_str(), &info);
  EXPECT_EQ(stat_result, 0);
  EXPECT_TRUE(std::filesystem::is_empty(config_->mountpoint));
}

TEST_F(EncryptedVolumeTest, WithoutAPrivateMountNamespaceVolumesAreRefused) {
  const std::vector<EncryptedVolumeConfig> configs = {*config_};
  bool fetched = false;
  auto volumes =
      OpenWorkloadVolumes(configs, CurrentUser(), false, [&fetched](const protocol::ResourcePath&) {
        fetched = true;
        return Result<crypto::SecretBytes>(crypto::SecretBytes());
      });
  ASSERT_FALSE(volumes);
  EXPECT_NE(volumes.error().message.find("private mount namespace"), std::string::npos);
  EXPECT_FALSE(fetched) << "the key was fetched for a volume that cannot be opened safely";
}

TEST_F(EncryptedVolumeTest, AFailedKeyFetchOpensNothingAndClosesTheVolumesBefore) {
  const EncryptedVolumeConfig second{"second", root_ / "cipher2", root_ / "plain2",
                                     protocol::ResourcePath::Parse("app/volume/second").value(),
                                     true};
  const std::vector<EncryptedVolumeConfig> configs = {*config_, second};
  auto volumes =
      OpenWorkloadVolumes(configs, CurrentUser(), true,
                          [](const protocol::ResourcePath& path) -> Result<crypto::SecretBytes> {
                            if (path.str() == "app/volume/second")
                              return Fail(PolicyDenied("resource policy"));
                            return crypto::SecretBytes(AsBytes(kKey));
                          });
  ASSERT_FALSE(volumes);
  EXPECT_NE(volumes.error().message.find("resource policy"), std::string::npos);
  // The first volume was opened, then closed again with the failed run.
  EXPECT_TRUE(std::filesystem::exists(config_->source / "gocryptfs.conf"));
  EXPECT_TRUE(std::filesystem::is_empty(config_->mountpoint));
}

TEST_F(EncryptedVolumeTest, KillingItsOwnerStopsTheDaemon) {
  const pid_t daemon = testing::StartInAParentThatIsKilled([this] {
    auto volume = Open(kKey);
    return volume ? volume->daemon_pid() : -1;
  });
  ASSERT_GT(daemon, 0) << "the volume did not open in the child";
  EXPECT_TRUE(testing::EndsSoon(daemon)) << "gocryptfs outlived the agent that started it";
  // The clear text is no longer served: gocryptfs unmounted on SIGTERM.
  EXPECT_TRUE(std::filesystem::is_empty(config_->mountpoint));
}

}  // namespace
}  // namespace veil::agent
