#include "veil/base/private_file.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fstream>
#include <string>

#include "veil/base/file.h"
#include "veil/testing/file_mode.h"
#include "veil/testing/scratch_dir.h"

namespace veil {
namespace {

using veil::testing::ScratchDir;

void WriteText(const std::filesystem::path& path, const std::string& text, mode_t mode) {
  std::ofstream(path) << text;
  VEIL_CHECK(::chmod(path.c_str(), mode) == 0);
}

ByteSpan AsBytes(std::string_view text) {
  return {reinterpret_cast<const std::uint8_t*>(text.data()), text.size()};
}

bool Contains(const Error& error, std::string_view text) {
  return error.message.find(text) != std::string::npos;
}

// --- CreateNewFile / WriteNewFile ---------------------------------------------------------------

TEST(WriteNewFile, GivesTheModeAskedForEvenWithAPermissiveUmask) {
  ScratchDir dir;
  const testing::ScopedUmask umask(0);
  ASSERT_TRUE(WriteNewFile(dir / "key", AsBytes("secret"), 0600));
  ASSERT_TRUE(WriteNewFile(dir / "readonly", AsBytes("secret"), 0400));
  EXPECT_EQ(testing::FileMode(dir / "key"), 0600u);
  EXPECT_EQ(testing::FileMode(dir / "readonly"), 0400u);
  EXPECT_EQ(ReadFileText(dir / "key").value(), "secret");
}

TEST(WriteNewFile, WritesEmptyContent) {
  ScratchDir dir;
  ASSERT_TRUE(WriteNewFile(dir / "empty", {}, 0600));
  EXPECT_EQ(ReadFileText(dir / "empty").value(), "");
}

TEST(WriteNewFile, RefusesAnExistingFileWithoutTouchingIt) {
  ScratchDir dir;
  WriteText(dir / "key", "old", 0644);
  auto written = WriteNewFile(dir / "key", AsBytes("new"), 0600);
  ASSERT_FALSE(written);
  EXPECT_EQ(written.error().code, ErrorCode::kInvalidArgument);
  EXPECT_TRUE(Contains(written.error(), (dir / "key").string() + " exists (a file)"))
      << written.error().message;
  EXPECT_EQ(ReadFileText(dir / "key").value(), "old");
  EXPECT_EQ(testing::FileMode(dir / "key"), 0644u);
}

TEST(WriteNewFile, RefusesASymlinkAndLeavesItsTargetAlone) {
  ScratchDir dir;
  WriteText(dir / "target", "target", 0644);
  std::filesystem::create_symlink(dir / "target", dir / "link");
  auto written = WriteNewFile(dir / "link", AsBytes("new"), 0600);
  ASSERT_FALSE(written);
  EXPECT_TRUE(Contains(written.error(), "exists (a symbolic link)")) << written.error().message;
  EXPECT_EQ(ReadFileText(dir / "target").value(), "target");
  EXPECT_EQ(testing::FileMode(dir / "target"), 0644u);
}

TEST(WriteNewFile, RefusesADanglingSymlinkAndCreatesNothingWhereItPoints) {
  ScratchDir dir;
  std::filesystem::create_symlink(dir / "elsewhere", dir / "link");
  auto written = WriteNewFile(dir / "link", AsBytes("new"), 0600);
  ASSERT_FALSE(written);
  EXPECT_EQ(written.error().code, ErrorCode::kInvalidArgument);
  EXPECT_FALSE(std::filesystem::exists(std::filesystem::symlink_status(dir / "elsewhere")));
}

TEST(WriteNewFile, ReportsAMissingDirectoryAsUnavailable) {
  ScratchDir dir;
  auto written = WriteNewFile(dir / "missing" / "key", AsBytes("x"), 0600);
  ASSERT_FALSE(written);
  EXPECT_EQ(written.error().code, ErrorCode::kUnavailable);
  EXPECT_TRUE(Contains(written.error(), "cannot create " + (dir / "missing" / "key").string()))
      << written.error().message;
}

TEST(CreateNewFile, ReturnsTheNewFileOpenForWriting) {
  ScratchDir dir;
  const testing::ScopedUmask umask(0);
  auto fd = CreateNewFile(dir / "secret", 0400);
  ASSERT_TRUE(fd) << fd.error().message;
  ASSERT_EQ(::write(fd->get(), "abc", 3), 3);
  ASSERT_EQ(fd->Close(), 0);
  EXPECT_EQ(testing::FileMode(dir / "secret"), 0400u);
  EXPECT_EQ(ReadFileText(dir / "secret").value(), "abc");
  EXPECT_FALSE(CreateNewFile(dir / "secret", 0400));
}

// --- RequirePrivateFile
// ---------------------------------------------------------------------------

TEST(RequirePrivateFile, AcceptsOwnerOnlyModes) {
  ScratchDir dir;
  WriteText(dir / "rw", "x", 0600);
  WriteText(dir / "r", "x", 0400);
  EXPECT_TRUE(RequirePrivateFile(dir / "rw"));
  EXPECT_TRUE(RequirePrivateFile(dir / "r"));
}

TEST(RequirePrivateFile, RefusesAFileOthersCanReadAndSaysWhatToRun) {
  ScratchDir dir;
  WriteText(dir / "db", "x", 0644);
  auto checked = RequirePrivateFile(dir / "db");
  ASSERT_FALSE(checked);
  EXPECT_EQ(checked.error().code, ErrorCode::kInvalidArgument);
  EXPECT_TRUE(Contains(checked.error(), "is mode 0644")) << checked.error().message;
  EXPECT_TRUE(Contains(checked.error(), "expected 0600"));
  EXPECT_TRUE(Contains(checked.error(), "run chmod 600 " + (dir / "db").string()));
  WriteText(dir / "group", "x", 0620);
  EXPECT_FALSE(RequirePrivateFile(dir / "group"));
}

TEST(RequirePrivateFile, RefusesASymlinkEvenToAPrivateFile) {
  ScratchDir dir;
  WriteText(dir / "target", "x", 0600);
  std::filesystem::create_symlink(dir / "target", dir / "link");
  auto checked = RequirePrivateFile(dir / "link");
  ASSERT_FALSE(checked);
  EXPECT_TRUE(Contains(checked.error(), "is a symbolic link, expected a regular file"))
      << checked.error().message;
}

TEST(RequirePrivateFile, ReportsAMissingFileAsNotFound) {
  ScratchDir dir;
  auto checked = RequirePrivateFile(dir / "missing");
  ASSERT_FALSE(checked);
  EXPECT_EQ(checked.error().code, ErrorCode::kNotFound);
}

TEST(RequirePrivateFile, RefusesAFileOfAnotherUser) {
  if (::geteuid() != 0) GTEST_SKIP() << "needs root to give a file away";
  ScratchDir dir;
  WriteText(dir / "key", "x", 0600);
  ASSERT_EQ(::chown((dir / "key").c_str(), 4242, 4242), 0);
  auto checked = RequirePrivateFile(dir / "key");
  ASSERT_FALSE(checked);
  EXPECT_TRUE(Contains(checked.error(), "is owned by uid 4242, expected uid 0"))
      << checked.error().message;
}

// --- directories
// ----------------------------------------------------------------------------------

TEST(MakePrivateDirectories, CreatesEveryMissingComponent0700EvenWithAPermissiveUmask) {
  ScratchDir dir;
  const testing::ScopedUmask umask(0);
  ASSERT_TRUE(MakePrivateDirectories(dir / "a" / "b" / "c"));
  EXPECT_EQ(testing::FileMode(dir / "a"), 0700u);
  EXPECT_EQ(testing::FileMode(dir / "a" / "b"), 0700u);
  EXPECT_EQ(testing::FileMode(dir / "a" / "b" / "c"), 0700u);
}

TEST(MakePrivateDirectories, LeavesExistingComponentsAsTheyAre) {
  ScratchDir dir;
  std::filesystem::create_directory(dir / "shared");
  ASSERT_EQ(::chmod((dir / "shared").c_str(), 0755), 0);
  ASSERT_TRUE(MakePrivateDirectories(dir / "shared" / "mine"));
  EXPECT_EQ(testing::FileMode(dir / "shared"), 0755u);
  EXPECT_EQ(testing::FileMode(dir / "shared" / "mine"), 0700u);
}

TEST(MakePrivateDirectories, RefusesAComponentThatIsAFile) {
  ScratchDir dir;
  WriteText(dir / "plain", "x", 0600);
  auto made = MakePrivateDirectories(dir / "plain" / "sub");
  ASSERT_FALSE(made);
  EXPECT_TRUE(Contains(made.error(), (dir / "plain").string() + " exists but is not a directory"))
      << made.error().message;
}

TEST(RequirePrivateDirectory, AcceptsADirectoryNobodyElseCanWrite) {
  ScratchDir dir;
  ASSERT_EQ(::chmod(dir.path().c_str(), 0755), 0);
  EXPECT_TRUE(RequirePrivateDirectory(dir.path()));
}

TEST(RequirePrivateDirectory, RefusesAWorldWritableDirectoryAndSaysWhatToRun) {
  ScratchDir dir;
  std::filesystem::create_directory(dir / "data");
  ASSERT_EQ(::chmod((dir / "data").c_str(), 0777), 0);
  auto checked = RequirePrivateDirectory(dir / "data");
  ASSERT_FALSE(checked);
  EXPECT_EQ(checked.error().code, ErrorCode::kInvalidArgument);
  EXPECT_TRUE(Contains(checked.error(), "is mode 0777, writable by group or others; expected 0700"))
      << checked.error().message;
  EXPECT_TRUE(Contains(checked.error(), "run chmod 700 " + (dir / "data").string()));
  ASSERT_EQ(::chmod((dir / "data").c_str(), 0770), 0);
  EXPECT_FALSE(RequirePrivateDirectory(dir / "data"));
  EXPECT_EQ(testing::FileMode(dir / "data"), 0770u);  // checked, never changed
}

TEST(RequirePrivateDirectory, RefusesADirectoryOfAnotherUser) {
  if (::geteuid() != 0) GTEST_SKIP() << "needs root to give a directory away";
  ScratchDir dir;
  std::filesystem::create_directory(dir / "data");
  ASSERT_EQ(::chmod((dir / "data").c_str(), 0700), 0);
  ASSERT_EQ(::chown((dir / "data").c_str(), 4242, 4242), 0);
  auto checked = RequirePrivateDirectory(dir / "data");
  ASSERT_FALSE(checked);
  EXPECT_TRUE(Contains(checked.error(), "is owned by uid 4242, expected uid 0"))
      << checked.error().message;
}

TEST(RequirePrivateDirectory, ReportsAMissingDirectoryAsNotFound) {
  ScratchDir dir;
  auto checked = RequirePrivateDirectory(dir / "missing");
  ASSERT_FALSE(checked);
  EXPECT_EQ(checked.error().code, ErrorCode::kNotFound);
}

TEST(EnsurePrivateDirectory, CreatesANewDirectory0700AndRefusesAnOpenOne) {
  ScratchDir dir;
  const testing::ScopedUmask umask(0);
  ASSERT_TRUE(EnsurePrivateDirectory(dir / "new"));
  EXPECT_EQ(testing::FileMode(dir / "new"), 0700u);
  EXPECT_TRUE(EnsurePrivateDirectory(dir / "new"));  // again: now it exists and is private
  std::filesystem::create_directory(dir / "open");
  ASSERT_EQ(::chmod((dir / "open").c_str(), 0777), 0);
  EXPECT_FALSE(EnsurePrivateDirectory(dir / "open"));
}

}  // namespace
}  // namespace veil
