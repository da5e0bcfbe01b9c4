// One tar header block: fields, both magics, checksum, number forms.

#include "veil/payload/tar/header_block.h"

#include <gtest/gtest.h>

#include "archive_builder.h"

namespace veil::payload::tar {
namespace {

using testing::FixChecksum;
using testing::HeaderBlock;

TEST(TarHeaderBlock, DecodesUstarFieldsAndJoinsThePrefix) {
  const Bytes block = HeaderBlock(
      {.name = "run.sh", .typeflag = '0', .size = 19, .mode = 0755, .prefix = "opt/app"});
  const auto header = ParseHeaderBlock(block);
  ASSERT_TRUE(header) << header.error().ToString();
  EXPECT_EQ(header->name, "opt/app/run.sh");
  EXPECT_EQ(header->mode, 0755u);
  EXPECT_EQ(header->size, 19u);
  EXPECT_EQ(header->typeflag, '0');
}

TEST(TarHeaderBlock, GnuFormatIgnoresThePrefixArea) {
  Bytes block = HeaderBlock({.name = "a.txt", .gnu = true});
  block[345] = '1';  // GNU keeps atime here, not a prefix
  FixChecksum(block);
  const auto header = ParseHeaderBlock(block);
  ASSERT_TRUE(header) << header.error().ToString();
  EXPECT_EQ(header->name, "a.txt");
}

TEST(TarHeaderBlock, NameFillingAllHundredBytesHasNoTerminator) {
  const std::string name(100, 'n');
  const auto header = ParseHeaderBlock(HeaderBlock({.name = name}));
  ASSERT_TRUE(header) << header.error().ToString();
  EXPECT_EQ(header->name, name);
}

TEST(TarHeaderBlock, KeepsOnlyPermissionBitsOfTheMode) {
  const auto header = ParseHeaderBlock(HeaderBlock({.name = "f", .mode = 0104755}));
  ASSERT_TRUE(header) << header.error().ToString();
  EXPECT_EQ(header->mode, 04755u);
}

TEST(TarHeaderBlock, EveryFlippedByteBreaksTheChecksum) {
  const Bytes good = HeaderBlock({.name = "a.txt", .size = 3});
  for (std::size_t i = 0; i < good.size(); ++i) {
    if (i >= 148 && i < 156) continue;  // the checksum field itself
    Bytes bad = good;
    bad[i] ^= 0x01;
    const auto header = ParseHeaderBlock(bad);
    ASSERT_FALSE(header) << "byte " << i;
    EXPECT_EQ(header.error().code, ErrorCode::kMalformed);
    EXPECT_NE(header.error().message.find("header checksum: the block sums to"), std::string::npos)
        << header.error().message;
  }
}

TEST(TarHeaderBlock, RejectsAPreposixMagic) {
  Bytes block = HeaderBlock({.name = "a.txt"});
  std::fill_n(block.begin() + 257, 8, 0);
  FixChecksum(block);
  const auto header = ParseHeaderBlock(block);
  ASSERT_FALSE(header);
  EXPECT_EQ(header.error().code, ErrorCode::kUnsupported);
  EXPECT_NE(header.error().message.find("magic: expected"), std::string::npos)
      << header.error().message;
}

TEST(TarHeaderBlock, RejectsBase256Sizes) {
  Bytes block = HeaderBlock({.name = "huge"});
  std::fill_n(block.begin() + 124, 12, 0);
  block[124] = 0x80;
  block[135] = 0x01;
  FixChecksum(block);
  const auto header = ParseHeaderBlock(block);
  ASSERT_FALSE(header);
  EXPECT_EQ(header.error().code, ErrorCode::kUnsupported);
  EXPECT_NE(header.error().message.find("size: base-256"), std::string::npos)
      << header.error().message;
}

TEST(TarHeaderBlock, RejectsNumbersThatAreNotOctal) {
  for (std::string_view field :
       {std::string_view("0000000009\0", 11), std::string_view("00000 0001\0", 11),
        std::string_view("\0\0\0\0\0\0\0\0\0\0\0", 11)}) {
    Bytes block = HeaderBlock({.name = "a.txt"});
    std::copy(field.begin(), field.end(), block.begin() + 124);
    FixChecksum(block);
    const auto header = ParseHeaderBlock(block);
    ASSERT_FALSE(header);
    EXPECT_EQ(header.error().code, ErrorCode::kMalformed);
    EXPECT_EQ(header.error().message.rfind("size: expected octal digits", 0), 0u)
        << header.error().message;
  }
}

TEST(TarHeaderBlock, AcceptsLeadingSpacesAndSpaceTerminators) {
  Bytes block = HeaderBlock({.name = "a.txt"});
  const std::string_view size("     12 \0\0\0", 11);
  std::copy(size.begin(), size.end(), block.begin() + 124);
  FixChecksum(block);
  const auto header = ParseHeaderBlock(block);
  ASSERT_TRUE(header) << header.error().ToString();
  EXPECT_EQ(header->size, 10u);
}

TEST(TarHeaderBlock, RejectsBlocksOfTheWrongSize) {
  const Bytes block = HeaderBlock({.name = "a.txt"});
  EXPECT_FALSE(ParseHeaderBlock(ByteSpan(block).first(511)));
  EXPECT_TRUE(IsZeroBlock(Bytes(512, 0)));
  EXPECT_FALSE(IsZeroBlock(block));
}

}  // namespace
}  // namespace veil::payload::tar
