#include "veil/trustee/data_dir.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fstream>

#include "veil/base/file.h"
#include "veil/testing/file_mode.h"
#include "veil/testing/scratch_dir.h"
#include "veil/trustee/data_dir_keys.h"

namespace veil::trustee {
namespace {

using veil::testing::ScratchDir;

void WriteFile(const std::filesystem::path& path, const std::string& content, mode_t mode) {
  std::ofstream(path, std::ios::binary) << content;
  VEIL_CHECK(::chmod(path.c_str(), mode) == 0);
}

std::filesystem::path MakeDir(const std::filesystem::path& dir, mode_t mode) {
  std::filesystem::create_directory(dir);
  VEIL_CHECK(::chmod(dir.c_str(), mode) == 0);
  return dir;
}

bool Contains(const Error& error, std::string_view text) {
  return error.message.find(text) != std::string::npos;
}

TEST(EnsureDataDir, CreatesAMissingDirectory0700EvenWithAPermissiveUmask) {
  ScratchDir scratch;
  const testing::ScopedUmask umask(0);
  ASSERT_TRUE(EnsureDataDir(scratch / "state" / "veil-data"));
  EXPECT_EQ(testing::FileMode(scratch / "state"), 0700u);
  EXPECT_EQ(testing::FileMode(scratch / "state" / "veil-data"), 0700u);
}

TEST(EnsureDataDir, AcceptsAPrivateDirectoryWithPrivateFiles) {
  ScratchDir scratch;
  const auto dir = MakeDir(scratch / "data", 0700);
  for (const auto& file : PrivateDataFiles(dir)) WriteFile(file, "x", 0600);
  EXPECT_TRUE(EnsureDataDir(dir));
}

TEST(EnsureDataDir, RefusesAWorldWritableDirectoryAndSaysWhatToRun) {
  ScratchDir scratch;
  const auto dir = MakeDir(scratch / "data", 0777);
  auto checked = EnsureDataDir(dir);
  ASSERT_FALSE(checked);
  EXPECT_EQ(checked.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(checked.error().context, "data directory");
  EXPECT_TRUE(Contains(checked.error(), "is mode 0777, writable by group or others"))
      << checked.error().message;
  EXPECT_TRUE(Contains(checked.error(), "run chmod 700 " + dir.string()));
  EXPECT_EQ(testing::FileMode(dir), 0777u);  // refused, not repaired behind the owner's back
}

TEST(EnsureDataDir, RefusesAGroupWritableDirectory) {
  ScratchDir scratch;
  EXPECT_FALSE(EnsureDataDir(MakeDir(scratch / "data", 0770)));
}

TEST(EnsureDataDir, RefusesADirectoryOfAnotherUser) {
  if (::geteuid() != 0) GTEST_SKIP() << "needs root to give a directory away";
  ScratchDir scratch;
  const auto dir = MakeDir(scratch / "data", 0700);
  ASSERT_EQ(::chown(dir.c_str(), 4242, 4242), 0);
  auto checked = EnsureDataDir(dir);
  ASSERT_FALSE(checked);
  EXPECT_TRUE(Contains(checked.error(), "is owned by uid 4242")) << checked.error().message;
}

// Each file the trustee keeps there, left readable by others, stops the start.
TEST(EnsureDataDir, RefusesEveryDataFileOthersCanRead) {
  ScratchDir scratch;
  const auto dir = MakeDir(scratch / "data", 0700);
  for (const auto& open_file : PrivateDataFiles(dir)) {
    for (const auto& file : PrivateDataFiles(dir)) WriteFile(file, "x", 0600);
    VEIL_CHECK(::chmod(open_file.c_str(), 0644) == 0);
    auto checked = EnsureDataDir(dir);
    ASSERT_FALSE(checked) << open_file;
    EXPECT_TRUE(Contains(checked.error(), open_file.string() + " is mode 0644"))
        << checked.error().message;
    EXPECT_TRUE(Contains(checked.error(), "run chmod 600 " + open_file.string()));
  }
}

TEST(EnsureDataDir, RefusesASymlinkInPlaceOfTheDatabase) {
  ScratchDir scratch;
  const auto dir = MakeDir(scratch / "data", 0700);
  WriteFile(scratch / "elsewhere.db", "x", 0600);
  std::filesystem::create_symlink(scratch / "elsewhere.db", dir / "trustee.db");
  auto checked = EnsureDataDir(dir);
  ASSERT_FALSE(checked);
  EXPECT_TRUE(Contains(checked.error(), "is a symbolic link")) << checked.error().message;
}

TEST(DataDirKeys, AreCreated0600OnFirstStartAndReusedAfterwards) {
  ScratchDir scratch;
  const testing::ScopedUmask umask(0);
  const auto dir = scratch / "data";
  ASSERT_TRUE(EnsureDataDir(dir));
  auto kek = LoadOrCreateKeyEncryptionKey(dir);
  ASSERT_TRUE(kek) << kek.error().message;
  auto signing = LoadOrCreateSigningKey(dir);
  ASSERT_TRUE(signing) << signing.error().message;
  EXPECT_EQ(testing::FileMode(dir / kKeyEncryptionKeyFile), 0600u);
  EXPECT_EQ(testing::FileMode(dir / kSigningKeyFile), 0600u);
  EXPECT_EQ(kek->size(), 32u);
  auto again = LoadOrCreateKeyEncryptionKey(dir);
  ASSERT_TRUE(again);
  EXPECT_TRUE(crypto::ConstantTimeEquals(kek->span(), again->span()));
  auto signing_again = LoadOrCreateSigningKey(dir);
  ASSERT_TRUE(signing_again);
  EXPECT_EQ(signing_again->GetPublicKey().SpkiDer(), signing->GetPublicKey().SpkiDer());
}

TEST(DataDirKeys, AKeyFileOthersCanReadIsRefusedNotUsed) {
  ScratchDir scratch;
  const auto dir = MakeDir(scratch / "data", 0700);
  WriteFile(dir / kKeyEncryptionKeyFile, std::string(32, 'k'), 0640);
  auto kek = LoadOrCreateKeyEncryptionKey(dir);
  ASSERT_FALSE(kek);
  EXPECT_EQ(kek.error().code, ErrorCode::kInvalidArgument);
  EXPECT_TRUE(Contains(kek.error(), "is mode 0640")) << kek.error().message;
  EXPECT_EQ(ReadFileText(dir / kKeyEncryptionKeyFile).value(), std::string(32, 'k'));
}

TEST(DataDirKeys, ADanglingSymlinkInPlaceOfAKeyIsRefusedAndNothingIsWrittenThrough) {
  ScratchDir scratch;
  const auto dir = MakeDir(scratch / "data", 0700);
  std::filesystem::create_symlink(scratch / "stolen", dir / kSigningKeyFile);
  auto key = LoadOrCreateSigningKey(dir);
  ASSERT_FALSE(key);
  EXPECT_TRUE(Contains(key.error(), "is a symbolic link")) << key.error().message;
  EXPECT_FALSE(std::filesystem::exists(std::filesystem::symlink_status(scratch / "stolen")));
}

}  // namespace
}  // namespace veil::trustee
