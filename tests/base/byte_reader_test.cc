#include "veil/base/byte_reader.h"

#include <gtest/gtest.h>

namespace veil {
namespace {

TEST(ByteReader, ReadsBothEndiannesses) {
  const Bytes data = {0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08};
  ByteReader le(data);
  EXPECT_EQ(le.U16Le("a").value(), 0x0201);
  EXPECT_EQ(le.U16Be("b").value(), 0x0304);
  EXPECT_EQ(le.U32Le("c").value(), 0x08070605u);
  EXPECT_TRUE(le.ExpectEnd("data").has_value());
  ByteReader be(data);
  EXPECT_EQ(be.U64Be("d").value(), 0x0102030405060708u);
  ByteReader le64(data);
  EXPECT_EQ(le64.U64Le("e").value(), 0x0807060504030201u);
}

TEST(ByteReader, TruncationFailsWithoutMovingTheCursor) {
  const Bytes data = {0x01, 0x02, 0x03};
  ByteReader reader(data);
  auto result = reader.U32Be("magic");
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().code, ErrorCode::kMalformed);
  EXPECT_EQ(result.error().message, "truncated magic: need 4 bytes, 3 remain");
  EXPECT_EQ(reader.position(), 0u);
  EXPECT_EQ(reader.U16Be("x").value(), 0x0102);
}

TEST(ByteReader, ArrayCopiesAFixedSizeFieldOrFailsInPlace) {
  const Bytes data = {0x01, 0x02, 0x03};
  ByteReader reader(data);
  EXPECT_EQ(reader.Array<2>("pair").value(), (std::array<std::uint8_t, 2>{0x01, 0x02}));
  auto result = reader.Array<2>("second pair");
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().message, "truncated second pair: need 2 bytes, 1 remain");
  EXPECT_EQ(reader.position(), 2u);
}

TEST(ByteReader, HugeLengthDoesNotWrap) {
  const Bytes data = {0x01, 0x02};
  ByteReader reader(data);
  ASSERT_TRUE(reader.U8("first"));
  EXPECT_FALSE(reader.Bytes(SIZE_MAX, "huge"));
  EXPECT_FALSE(reader.Bytes(SIZE_MAX - 0, "huge"));
  EXPECT_EQ(reader.remaining(), 1u);
}

TEST(ByteReader, SkipZerosNamesTheOffendingByte) {
  const Bytes data = {0x00, 0x00, 0x07, 0x00};
  ByteReader reader(data);
  auto result = reader.SkipZeros(4, "reserved0");
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().message,
            "reserved field reserved0 must be zero, found byte 7 at offset 2");
  EXPECT_EQ(reader.position(), 0u);
}

TEST(ByteReader, TrailingBytesAreRejected) {
  const Bytes data = {0x00, 0x01};
  ByteReader reader(data);
  ASSERT_TRUE(reader.U8("x"));
  auto end = reader.ExpectEnd("quote");
  ASSERT_FALSE(end);
  EXPECT_EQ(end.error().message, "1 trailing bytes after quote");
}

}  // namespace
}  // namespace veil
