// TarReader over hand-made archives: metadata folding, refused entry types, corrupt structure.

#include "veil/payload/tar/reader.h"

#include <gtest/gtest.h>

#include "archive_builder.h"

namespace veil::payload::tar {
namespace {

using namespace testing;  // NOLINT(google-build-using-namespace): the archive builders

std::string Text(ByteSpan data) { return {data.begin(), data.end()}; }

// All entries, or the first error.
Result<std::vector<TarEntry>> ReadAll(ByteSpan archive) {
  TarReader reader(archive);
  std::vector<TarEntry> entries;
  while (true) {
    VEIL_ASSIGN_OR_RETURN(std::optional<TarEntry> entry, reader.Next());
    if (!entry) return entries;
    entries.push_back(std::move(*entry));
  }
}

void ExpectError(ByteSpan archive, ErrorCode code, std::string_view message) {
  const auto entries = ReadAll(archive);
  ASSERT_FALSE(entries) << "accepted, expected: " << message;
  EXPECT_EQ(entries.error().code, code) << entries.error().ToString();
  EXPECT_NE(entries.error().ToString().find(message), std::string::npos)
      << entries.error().ToString();
}

TEST(TarReader, ReadsFilesAndDirectoriesInOrder) {
  const Bytes archive = Archive(
      {Directory("sub/", 0750), File("sub/run.sh", "#!/bin/sh\n", 0755), File("empty", "")});
  const auto entries = ReadAll(archive);
  ASSERT_TRUE(entries) << entries.error().ToString();
  ASSERT_EQ(entries->size(), 3u);
  EXPECT_EQ((*entries)[0].name, "sub/");
  EXPECT_EQ((*entries)[0].type, EntryType::kDirectory);
  EXPECT_EQ((*entries)[0].mode, 0750u);
  EXPECT_EQ((*entries)[1].name, "sub/run.sh");
  EXPECT_EQ((*entries)[1].type, EntryType::kFile);
  EXPECT_EQ((*entries)[1].mode, 0755u);
  EXPECT_EQ(Text((*entries)[1].data), "#!/bin/sh\n");
  EXPECT_EQ((*entries)[1].offset, 512u);
  EXPECT_TRUE((*entries)[2].data.empty());
}

TEST(TarReader, GnuLongNameNamesTheNextEntry) {
  const std::string name = std::string(150, 'l') + "/file.txt";
  const Bytes archive =
      Archive({LongName(name), File(name.substr(0, 100), "long")});  // entries point into it
  const auto entries = ReadAll(archive);
  ASSERT_TRUE(entries) << entries.error().ToString();
  ASSERT_EQ(entries->size(), 1u);
  EXPECT_EQ((*entries)[0].name, name);
  EXPECT_EQ((*entries)[0].offset, 0u);  // where its first (long name) header starts
  EXPECT_EQ(Text((*entries)[0].data), "long");
}

TEST(TarReader, PaxPathAndSizeOverrideTheHeader) {
  const Bytes file = Concat({HeaderBlock({.name = "short", .size = 0}), Padded("five!")});
  const Bytes archive = Archive(
      {Pax(PaxRecord("path", "the/real/name") + PaxRecord("size", "5") + PaxRecord("mtime", "1.5")),
       file});
  const auto entries = ReadAll(archive);  // entries point into `archive`
  ASSERT_TRUE(entries) << entries.error().ToString();
  ASSERT_EQ(entries->size(), 1u);
  EXPECT_EQ((*entries)[0].name, "the/real/name");
  EXPECT_EQ(Text((*entries)[0].data), "five!");
}

TEST(TarReader, PaxGlobalHeaderWithoutPathOrSizeIsIgnored) {
  const auto entries =
      ReadAll(Archive({Pax(PaxRecord("comment", "built by git"), 'g'), File("a", "x")}));
  ASSERT_TRUE(entries) << entries.error().ToString();
  ASSERT_EQ(entries->size(), 1u);
  EXPECT_EQ((*entries)[0].name, "a");
}

TEST(TarReader, RefusesLinksDevicesAndOtherSpecialEntries) {
  const struct {
    HeaderSpec spec;
    std::string_view message;
  } cases[] = {
      {{.name = "evil", .typeflag = '2', .linkname = "/etc/shadow"},
       "\"evil\" at offset 0: symbolic links are not allowed (target \"/etc/shadow\")"},
      {{.name = "hard", .typeflag = '1', .linkname = "a.txt"},
       "\"hard\" at offset 0: hard links are not allowed (link to \"a.txt\")"},
      {{.name = "tty", .typeflag = '3'}, "\"tty\" at offset 0: character devices are not allowed"},
      {{.name = "sda", .typeflag = '4'}, "\"sda\" at offset 0: block devices are not allowed"},
      {{.name = "pipe", .typeflag = '6'}, "\"pipe\" at offset 0: FIFOs are not allowed"},
      {{.name = "sparse", .typeflag = 'S', .gnu = true},
       "GNU sparse files ('S') are not supported"},
      {{.name = "label", .typeflag = 'V', .gnu = true},
       "GNU volume labels ('V') are not supported"},
      {{.name = "cont", .typeflag = 'M', .gnu = true},
       "GNU multi-volume continuations ('M') are not supported"},
      {{.name = "dump", .typeflag = 'D', .gnu = true},
       "GNU incremental directory dumps ('D') are not supported"},
      {{.name = "././@LongLink", .typeflag = 'K', .gnu = true},
       "GNU long link names ('K') are not allowed"},
      {{.name = "odd", .typeflag = 'Z'}, "\"odd\" at offset 0: unknown entry type 'Z'"},
      {{.name = "odd", .typeflag = '\x01'}, "\"odd\" at offset 0: unknown entry type 0x01"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.message);
    ExpectError(Archive({Member(c.spec)}), ErrorCode::kUnsupported, c.message);
  }
}

TEST(TarReader, RefusesPaxSparseFilesAndGlobalPaths) {
  ExpectError(Archive({Pax(PaxRecord("GNU.sparse.major", "1")), File("a", "x")}),
              ErrorCode::kUnsupported,
              "at offset 0: GNU sparse files (pax GNU.sparse.*) are not supported");
  ExpectError(Archive({Pax(PaxRecord("path", "/etc/passwd"), 'g'), File("a", "x")}),
              ErrorCode::kUnsupported,
              "a pax global header ('g') setting \"path\" is not supported");
  ExpectError(Archive({Pax(PaxRecord("size", "1"), 'g'), File("a", "x")}), ErrorCode::kUnsupported,
              "setting \"size\"");
}

TEST(TarReader, RefusesAmbiguousOrDanglingMetadata) {
  ExpectError(Archive({LongName("one"), LongName("two"), File("x", "")}), ErrorCode::kMalformed,
              "at offset 1024: a second GNU long name for one entry");
  ExpectError(Archive({Pax(PaxRecord("path", "a")), Pax(PaxRecord("path", "b")), File("x", "")}),
              ErrorCode::kMalformed, "at offset 1024: a second pax header for one entry");
  ExpectError(Archive({LongName("one"), Pax(PaxRecord("path", "two")), File("x", "")}),
              ErrorCode::kMalformed,
              "at offset 0: both a GNU long name and a pax path for one entry");
  ExpectError(Archive({File("a", "x"), LongName("dangling")}), ErrorCode::kMalformed,
              "at offset 1024: extended header without the entry it describes");
  ExpectError(Archive({Pax("12 path=abc"), File("a", "x")}), ErrorCode::kMalformed,
              "at offset 0: pax record at offset 0: length 12 does not fit");
  ExpectError(Archive({Pax(PaxRecord("size", "5x")), File("a", "x")}), ErrorCode::kMalformed,
              "at offset 0: pax size: expected a decimal number, found \"5x\"");
}

TEST(TarReader, RefusesOversizedMetadataBeforeReadingIt) {
  ExpectError(
      Archive({Member({.name = "././@LongLink", .typeflag = 'L', .size = 4098, .gnu = true})}),
      ErrorCode::kMalformed,
      "at offset 0: GNU long name of 4098 bytes, more than the 4097-byte limit");
  ExpectError(Archive({Member({.name = "pax", .typeflag = 'x', .size = 077777777777})}),
              ErrorCode::kMalformed,
              "at offset 0: pax header of 8589934591 bytes, more than the 65536-byte limit");
}

TEST(TarReader, RefusesAFileNamedLikeADirectoryAndADirectoryWithData) {
  ExpectError(Archive({File("dir/", "x")}), ErrorCode::kMalformed,
              "\"dir/\" at offset 0: a regular file whose name ends in '/'");
  ExpectError(Archive({Member({.name = "d/", .typeflag = '5'}, "data")}), ErrorCode::kMalformed,
              "\"d/\" at offset 0: a directory with 4 bytes of data");
}

TEST(TarReader, ReportsTheOffsetOfACorruptHeader) {
  Bytes archive = Archive({File("a.txt", "hello"), File("b.txt", "world")});
  archive[1024 + 3] ^= 0x20;  // inside the second header's name
  ExpectError(archive, ErrorCode::kMalformed,
              "header at offset 1024: header checksum: the block sums to");
}

TEST(TarReader, EveryTruncationBeforeTheEndMarkerFails) {
  const Bytes archive = Archive({Directory("d/"), File("d/a.txt", std::string(700, 'a'))});
  const std::size_t end_marker_complete = 512 + 512 + 1024 + 1024;
  ASSERT_EQ(archive.size(), end_marker_complete);
  for (std::size_t size = 0; size < end_marker_complete; ++size) {
    const auto entries = ReadAll(ByteSpan(archive).first(size));
    ASSERT_FALSE(entries) << "accepted a truncation to " << size << " bytes";
    EXPECT_EQ(entries.error().code, ErrorCode::kMalformed) << entries.error().ToString();
  }
  EXPECT_TRUE(ReadAll(archive));
}

TEST(TarReader, TruncatedDataNamesTheEntryAndTheSizes) {
  const Bytes archive = Archive({File("big.bin", std::string(2000, 'b'))});
  ExpectError(
      ByteSpan(archive).first(1500), ErrorCode::kMalformed,
      "\"big.bin\" at offset 0: truncated data: the header declares 2000 bytes, 988 remain");
  ExpectError(ByteSpan(archive).first(512 + 2000 + 10), ErrorCode::kMalformed,
              "\"big.bin\" at offset 0: truncated: 48 bytes of padding to the next block missing");
}

TEST(TarReader, EndOfArchiveMustBeTwoZeroBlocksThenOnlyZeros) {
  Bytes lone = Concat({File("a", "x"), Bytes(512, 0), File("b", "y"), EndOfArchive()});
  ExpectError(lone, ErrorCode::kMalformed, "at offset 1024: a lone zero block inside the archive");

  Bytes trailing = Archive({File("a", "x")});
  trailing.resize(trailing.size() + 8192, 0);  // record padding as GNU tar writes it: accepted
  EXPECT_TRUE(ReadAll(trailing));
  trailing[trailing.size() - 7] = 'x';
  ExpectError(trailing, ErrorCode::kMalformed,
              "at offset " + std::to_string(trailing.size() - 7) +
                  ": data after the end-of-archive marker");
}

TEST(TarReader, AnEmptyArchiveIsJustTheEndMarker) {
  const auto entries = ReadAll(EndOfArchive());
  ASSERT_TRUE(entries) << entries.error().ToString();
  EXPECT_TRUE(entries->empty());
  ExpectError(Bytes(), ErrorCode::kMalformed,
              "at offset 0: truncated archive: 0 bytes where a header");
}

}  // namespace
}  // namespace veil::payload::tar
