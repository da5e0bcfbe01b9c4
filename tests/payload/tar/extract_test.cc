// ExtractTar on archives written by the real GNU tar (every format it writes) and on malicious
// archives, made by tar itself where it can and by hand where it cannot.

#include "veil/payload/tar/extract.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <fcntl.h>
#include <unistd.h>

#include <atomic>
#include <fstream>
#include <thread>

#include "archive_builder.h"
#include "veil/base/file.h"
#include "veil/base/unique_fd.h"
#include "veil/payload/tar/entry_path.h"
#include "veil/payload/tar/pax_records.h"
#include "veil/payload/tar/reader.h"
#include "veil/testing/command.h"
#include "veil/testing/scratch_dir.h"

namespace veil::payload::tar {
namespace {

using veil::testing::ScratchDir;

namespace fs = std::filesystem;
using testing::Archive;
using testing::Directory;
using testing::File;
using testing::HeaderBlock;
using testing::Member;
using testing::Pax;
using testing::PaxRecord;

const std::string kLongDirectory = std::string(60, 'd');
const std::string kLongFile =
    std::string(80, 'f') + ".txt";  // with its directory: 145 bytes, over ustar's 100

void WriteSource(const fs::path& path, std::string_view content, fs::perms mode) {
  fs::create_directories(path.parent_path());
  std::ofstream(path, std::ios::binary) << content;
  fs::permissions(path, mode);
}

std::string ReadText(const fs::path& path) { return ReadFileText(path).value_or("<unreadable>"); }

fs::perms Mode(const fs::path& path) { return fs::symlink_status(path).permissions(); }

std::string AllByteValues() {
  std::string bytes;
  for (int i = 0; i < 513; ++i) bytes.push_back(static_cast<char>(i % 256));
  return bytes;
}

// Runs GNU tar with `args` and returns the archive it wrote to `archive`.
Bytes RunTar(const fs::path& archive, std::vector<std::string> args) {
  args.insert(args.begin(), {"tar", "-f", archive.string()});
  const ::veil::testing::CommandResult result = ::veil::testing::RunCommand(args);
  EXPECT_EQ(result.exit_code, 0) << result.err;
  return ReadFileBytes(archive).value_or(Bytes());
}

bool IsEmptyDirectory(const fs::path& dir) { return fs::is_directory(dir) && fs::is_empty(dir); }

class ExtractTarTest : public ::testing::Test {
 protected:
  ExtractTarTest() { fs::create_directory(out_); }

  // Extraction must fail with `code` and `message`, and leave the directory empty.
  void ExpectRefused(ByteSpan archive, ErrorCode code, std::string_view message) {
    const Status extracted = ExtractTar(archive, out_);
    ASSERT_FALSE(extracted) << "accepted, expected: " << message;
    EXPECT_EQ(extracted.error().code, code) << extracted.error().ToString();
    EXPECT_NE(extracted.error().ToString().find(message), std::string::npos)
        << extracted.error().ToString();
    EXPECT_TRUE(IsEmptyDirectory(out_)) << "something was written before the refusal";
  }

  ScratchDir scratch_;
  const fs::path src_ = scratch_ / "src";
  const fs::path out_ = scratch_ / "out";
};

class ExtractRealTar : public ExtractTarTest, public ::testing::WithParamInterface<std::string> {};

TEST_P(ExtractRealTar, RestoresFilesDirectoriesAndPermissions) {
  using fs::perms;
  WriteSource(src_ / "a.txt", "hello\n", perms(0644));
  WriteSource(src_ / "sub/run.sh", "#!/bin/sh\necho run\n", perms(0755));
  WriteSource(src_ / "sub/deeper/empty", "", perms(0600));
  WriteSource(src_ / "exact512.bin", std::string(512, 'x'), perms(0640));
  WriteSource(src_ / "bytes.bin", AllByteValues(), perms(0644));
  WriteSource(src_ / kLongDirectory / kLongFile, "long\n", perms(0644));
  WriteSource(src_ / "caf\xc3\xa9.txt", "utf-8\n", perms(0644));
  WriteSource(src_ / "ro/inside.txt", "read-only\n", perms(0444));
  fs::permissions(src_ / "ro", perms(0555));
  fs::permissions(src_ / "sub", perms(0750));

  const Bytes archive =
      RunTar(scratch_ / "bundle.tar", {"--format=" + GetParam(), "-C", src_.string(), "-c", "."});
  const Status extracted = ExtractTar(archive, out_);
  ASSERT_TRUE(extracted) << extracted.error().ToString();

  EXPECT_EQ(ReadText(out_ / "a.txt"), "hello\n");
  EXPECT_EQ(ReadText(out_ / "sub/run.sh"), "#!/bin/sh\necho run\n");
  EXPECT_EQ(ReadText(out_ / "sub/deeper/empty"), "");
  EXPECT_EQ(ReadText(out_ / "exact512.bin"), std::string(512, 'x'));
  EXPECT_EQ(ReadText(out_ / "bytes.bin"), AllByteValues());
  EXPECT_EQ(ReadText(out_ / kLongDirectory / kLongFile), "long\n");
  EXPECT_EQ(ReadText(out_ / "caf\xc3\xa9.txt"), "utf-8\n");
  EXPECT_EQ(ReadText(out_ / "ro/inside.txt"), "read-only\n");
  EXPECT_EQ(Mode(out_ / "a.txt"), perms(0644));
  EXPECT_EQ(Mode(out_ / "sub/run.sh"), perms(0755));  // the exec bit survives
  EXPECT_EQ(Mode(out_ / "sub/deeper/empty"), perms(0600));
  EXPECT_EQ(Mode(out_ / "exact512.bin"), perms(0640));
  EXPECT_EQ(Mode(out_ / "sub"), perms(0750));
  EXPECT_EQ(Mode(out_ / "ro"), perms(0555));  // applied after its contents were written
  EXPECT_EQ(Mode(out_ / "ro/inside.txt"), perms(0444));
  EXPECT_TRUE(fs::is_regular_file(fs::symlink_status(out_ / "sub/run.sh")));
}

TEST_P(ExtractRealTar, StripsSetuidSetgidAndSticky) {
  WriteSource(src_ / "tool", "#!/bin/sh\n", fs::perms(06755));
  fs::create_directories(src_ / "shared");
  fs::permissions(src_ / "shared", fs::perms(01777));
  const Bytes archive =
      RunTar(scratch_ / "bundle.tar", {"--format=" + GetParam(), "-C", src_.string(), "-c", "."});
  const Status extracted = ExtractTar(archive, out_);
  ASSERT_TRUE(extracted) << extracted.error().ToString();
  EXPECT_EQ(Mode(out_ / "tool"), fs::perms(0755));
  EXPECT_EQ(Mode(out_ / "shared"), fs::perms(0777));
}

INSTANTIATE_TEST_SUITE_P(Formats, ExtractRealTar,
                         ::testing::Values("gnu", "oldgnu", "pax", "ustar"),
                         [](const auto& param_info) { return param_info.param; });

TEST_F(ExtractTarTest, GnuLongNamesBeyondUstarLimits) {
  const std::string name =
      std::string(120, 'a') + "/" + std::string(120, 'b') + "/" + std::string(100, 'c');
  WriteSource(src_ / name, "deep\n", fs::perms(0644));
  for (const std::string format : {"gnu", "pax"}) {
    SCOPED_TRACE(format);
    const Bytes archive = RunTar(scratch_ / (format + ".tar"),
                                 {"--format=" + format, "-C", src_.string(), "-c", "."});
    const fs::path out = scratch_ / ("out-" + format);
    fs::create_directory(out);
    const Status extracted = ExtractTar(archive, out);
    ASSERT_TRUE(extracted) << extracted.error().ToString();
    EXPECT_EQ(ReadText(out / name), "deep\n");
  }
}

TEST_F(ExtractTarTest, RefusesSymbolicLinksFromRealTar) {
  WriteSource(src_ / "a.txt", "a", fs::perms(0644));
  fs::create_symlink("/etc/passwd", src_ / "link");
  const Bytes archive = RunTar(scratch_ / "x.tar", {"-C", src_.string(), "-c", "a.txt", "link"});
  ExpectRefused(
      archive, ErrorCode::kUnsupported,
      "tar: \"link\" at offset 1024: symbolic links are not allowed (target \"/etc/passwd\")");
}

TEST_F(ExtractTarTest, RefusesHardLinksFromRealTar) {
  WriteSource(src_ / "a.txt", "a", fs::perms(0644));
  fs::create_hard_link(src_ / "a.txt", src_ / "b.txt");
  const Bytes archive = RunTar(scratch_ / "x.tar", {"-C", src_.string(), "-c", "a.txt", "b.txt"});
  ExpectRefused(archive, ErrorCode::kUnsupported,
                "\"b.txt\" at offset 1024: hard links are not allowed (link to \"a.txt\")");
}

TEST_F(ExtractTarTest, RefusesFifosFromRealTar) {
  fs::create_directories(src_);
  ASSERT_EQ(::mkfifo((src_ / "pipe").c_str(), 0644), 0);
  const Bytes archive = RunTar(scratch_ / "x.tar", {"-C", src_.string(), "-c", "pipe"});
  ExpectRefused(archive, ErrorCode::kUnsupported, "\"pipe\" at offset 0: FIFOs are not allowed");
}

TEST_F(ExtractTarTest, RefusesAbsolutePathsFromRealTar) {
  WriteSource(src_ / "a.txt", "a", fs::perms(0644));
  const Bytes archive = RunTar(scratch_ / "x.tar", {"-P", "-c", (src_ / "a.txt").string()});
  ExpectRefused(
      archive, ErrorCode::kMalformed,
      QuoteName((src_ / "a.txt").string()) + " at offset 0: absolute paths are not allowed");
}

TEST_F(ExtractTarTest, RefusesDotDotFromRealTar) {
  WriteSource(src_ / "sub/x", "x", fs::perms(0644));
  WriteSource(src_ / "a.txt", "a", fs::perms(0644));
  const Bytes archive =
      RunTar(scratch_ / "x.tar", {"-P", "-C", (src_ / "sub").string(), "-c", "x", "../a.txt"});
  ExpectRefused(archive, ErrorCode::kMalformed,
                "\"../a.txt\" at offset 1024: \"..\" components are not allowed");
}

TEST_F(ExtractTarTest, RefusesDuplicateEntriesFromRealTarAppend) {
  WriteSource(src_ / "a.txt", "first", fs::perms(0644));
  RunTar(scratch_ / "x.tar", {"-C", src_.string(), "-c", "a.txt"});
  WriteSource(src_ / "a.txt", "second", fs::perms(0644));
  const Bytes archive = RunTar(scratch_ / "x.tar", {"-C", src_.string(), "-r", "a.txt"});
  ExpectRefused(archive, ErrorCode::kMalformed,
                "\"a.txt\" at offset 1024: duplicate entry for \"a.txt\"");
}

TEST_F(ExtractTarTest, RefusesPathsThatEscapeThroughPaxOrLongNames) {
  ExpectRefused(Archive({Pax(PaxRecord("path", "../../etc/cron.d/evil")), File("harmless", "x")}),
                ErrorCode::kMalformed,
                "\"../../etc/cron.d/evil\" at offset 0: \"..\" components are not allowed");
  ExpectRefused(Archive({testing::LongName("/etc/cron.d/evil"), File("harmless", "x")}),
                ErrorCode::kMalformed,
                "\"/etc/cron.d/evil\" at offset 0: absolute paths are not allowed");
  ExpectRefused(Archive({File("ok.txt", "fine"), File("a/../../escape", "x")}),
                ErrorCode::kMalformed,
                "\"a/../../escape\" at offset 1024: \"..\" components are not allowed");
}

TEST_F(ExtractTarTest, RefusesDuplicatesAndFileDirectoryClashes) {
  ExpectRefused(Archive({File("./a", "1"), File("a", "2")}), ErrorCode::kMalformed,
                "\"a\" at offset 1024: duplicate entry for \"a\"");
  ExpectRefused(Archive({Directory("d/"), Directory("./d")}), ErrorCode::kMalformed,
                "duplicate entry for \"d\"");
  ExpectRefused(Archive({File("a", "1"), File("a/b", "2")}), ErrorCode::kMalformed,
                "\"a/b\" at offset 1024: its parent \"a\" is a file in the archive");
  ExpectRefused(Archive({File("a/b", "1"), File("a", "2")}), ErrorCode::kMalformed,
                "\"a\" at offset 1024: a file where an earlier entry has a directory");
  ExpectRefused(Archive({File("./", "x")}), ErrorCode::kMalformed,
                "a regular file whose name ends in '/'");
  ExpectRefused(Archive({File(".", "x")}), ErrorCode::kMalformed,
                "\".\" at offset 0: a file cannot replace the extraction directory");
}

TEST_F(ExtractTarTest, RefusesCorruptArchivesWithoutWritingAnything) {
  Bytes archive = Archive({File("a.txt", "hello"), File("b.txt", "world")});
  archive[1024 + 200] ^= 0x01;
  ExpectRefused(archive, ErrorCode::kMalformed, "tar: header at offset 1024: header checksum");
  const Bytes whole = Archive({File("a.txt", "hello"), File("b.txt", std::string(600, 'w'))});
  ExpectRefused(
      ByteSpan(whole).first(1024 + 512 + 100), ErrorCode::kMalformed,
      "\"b.txt\" at offset 1024: truncated data: the header declares 600 bytes, 100 remain");
}

TEST_F(ExtractTarTest, CreatesImpliedParentsAndAppliesLaterDirectoryModes) {
  const Bytes archive = Archive({File("x/y/z.txt", "z"), File("d/f", "f"), Directory("d/", 0700)});
  const Status extracted = ExtractTar(archive, out_);
  ASSERT_TRUE(extracted) << extracted.error().ToString();
  EXPECT_EQ(ReadText(out_ / "x/y/z.txt"), "z");
  EXPECT_EQ(Mode(out_ / "x"), fs::perms(0755));
  EXPECT_EQ(Mode(out_ / "x/y"), fs::perms(0755));
  EXPECT_EQ(Mode(out_ / "d"), fs::perms(0700));
}

TEST_F(ExtractTarTest, NeedsAnExistingEmptyDirectory) {
  const Bytes archive = Archive({File("a", "x")});
  WriteSource(out_ / "already", "here", fs::perms(0644));
  Status extracted = ExtractTar(archive, out_);
  ASSERT_FALSE(extracted);
  EXPECT_EQ(extracted.error().code, ErrorCode::kInvalidArgument);
  EXPECT_NE(extracted.error().message.find("is not empty"), std::string::npos)
      << extracted.error().message;

  extracted = ExtractTar(archive, scratch_ / "missing");
  ASSERT_FALSE(extracted);
  EXPECT_NE(extracted.error().message.find("is not a directory"), std::string::npos)
      << extracted.error().message;

  extracted = ExtractTar(archive, out_ / "already");
  ASSERT_FALSE(extracted);
  EXPECT_NE(extracted.error().message.find("is not a directory"), std::string::npos)
      << extracted.error().message;
}

// --- Issue 19 finding 5: limits that keep extraction linear ------------------------------------

std::string DeepPath(std::size_t depth) {
  std::string path;
  for (std::size_t i = 0; i < depth; ++i) path += "a/";
  return path + "f";
}

TEST_F(ExtractTarTest, RefusesAPaxPathOfDepth8000) {
  ExpectRefused(Archive({Pax(PaxRecord("path", DeepPath(8000))), File("harmless", "x")}),
                ErrorCode::kMalformed, "a name of 16001 bytes, more than 4096");
}

TEST_F(ExtractTarTest, RefusesAPathDeeperThanTheLimitAndAcceptsOneAtIt) {
  ExpectRefused(Archive({Pax(PaxRecord("path", DeepPath(kMaxPathDepth))), File("x", "x")}),
                ErrorCode::kMalformed, "a path deeper than 128 components");
  const Bytes archive =
      Archive({Pax(PaxRecord("path", DeepPath(kMaxPathDepth - 1))), File("x", "deep")});
  const Status extracted = ExtractTar(archive, out_);
  ASSERT_TRUE(extracted) << extracted.error().ToString();
  EXPECT_EQ(ReadText(out_ / DeepPath(kMaxPathDepth - 1)), "deep");
}

std::string ManyKeywords(std::size_t count) {
  std::string records;
  for (std::size_t i = 0; i < count; ++i) records += PaxRecord("k" + std::to_string(i), "v");
  return records;
}

TEST_F(ExtractTarTest, Refuses140kPaxKeywords) {
  ExpectRefused(Archive({Pax(ManyKeywords(140000)), File("harmless", "x")}), ErrorCode::kMalformed,
                "pax header of");
  ExpectRefused(Archive({Pax(ManyKeywords(kMaxPaxRecords + 1)), File("harmless", "x")}),
                ErrorCode::kMalformed, "more than 256 records in one pax header");
  const Status extracted =
      ExtractTar(Archive({Pax(ManyKeywords(kMaxPaxRecords)), File("ok", "x")}), out_);
  ASSERT_TRUE(extracted) << extracted.error().ToString();
}

// --- Issue 19 finding 1: a directory swapped for a symlink during extraction -------------------

// While the archive is extracted (and handed to an owner), another thread keeps trying to rename
// "sub" away and put a symlink to a victim directory in its place. Whatever the timing, nothing
// in the victim directory changes: not its files' modes, owners or contents, nor its listing.
TEST_F(ExtractTarTest, ASymlinkSwappedInDuringExtractionIsNeverFollowed) {
  const fs::path victim = scratch_ / "victim";
  fs::create_directory(victim);
  constexpr int kFiles = 500;
  std::vector<Bytes> members = {Directory("sub/", 0755)};
  for (int i = 0; i < kFiles; ++i) {
    WriteSource(victim / ("f" + std::to_string(i)), "victim", fs::perms(0600));
    members.push_back(File("sub/f" + std::to_string(i), "payload", 0755));
  }
  Bytes archive;
  for (const Bytes& member : members) archive.insert(archive.end(), member.begin(), member.end());
  const Bytes end = testing::EndOfArchive();
  archive.insert(archive.end(), end.begin(), end.end());
  struct stat before {};
  ASSERT_EQ(::stat((victim / "f0").c_str(), &before), 0);

  // As root the owner is another uid, so a followed chown would show; otherwise our own.
  const Owner owner = ::geteuid() == 0 ? Owner{12345, 12345} : Owner{::getuid(), ::getgid()};
  std::atomic<bool> done = false;
  std::atomic<bool> swapped = false;
  std::thread swapper([&] {
    while (!done && !swapped) {
      if (::rename((out_ / "sub").c_str(), (out_ / "moved").c_str()) == 0) {
        swapped = ::symlink(victim.c_str(), (out_ / "sub").c_str()) == 0;
      }
    }
  });
  UniqueFd root(::open(out_.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  const Status extracted = ExtractTar(archive, root.get(), owner);
  done = true;
  swapper.join();

  std::size_t listed = 0;
  for (const fs::directory_entry& entry : fs::directory_iterator(victim)) {
    ++listed;
    struct stat info {};
    ASSERT_EQ(::lstat(entry.path().c_str(), &info), 0);
    ASSERT_EQ(info.st_mode & 07777, 0600u) << entry.path();
    ASSERT_EQ(info.st_uid, before.st_uid) << entry.path();
    ASSERT_EQ(info.st_gid, before.st_gid) << entry.path();
    ASSERT_EQ(ReadText(entry.path()), "victim") << entry.path();
  }
  EXPECT_EQ(listed, static_cast<std::size_t>(kFiles));
  if (swapped && extracted) {  // the descriptor kept writing into the renamed directory
    EXPECT_EQ(ReadText(out_ / "moved/f0"), "payload");
  }
  if (extracted && !swapped) {
    EXPECT_EQ(Mode(out_ / "sub/f0"), fs::perms(0755));
  }
}

}  // namespace
}  // namespace veil::payload::tar
