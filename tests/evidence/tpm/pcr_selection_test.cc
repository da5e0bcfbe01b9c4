#include "veil/evidence/tpm/pcr_selection.h"

#include <gtest/gtest.h>

#include "wire.h"

namespace veil::evidence::tpm {
namespace {

TEST(PcrList, ParsesTpm2ToolsSyntax) {
  const PcrSelection one = ParsePcrList("sha256:0,1,7").value();
  ASSERT_EQ(one.banks.size(), 1u);
  EXPECT_EQ(one.banks[0].hash, HashAlg::kSha256);
  EXPECT_EQ(one.banks[0].indexes, (std::vector<std::uint32_t>{0, 1, 7}));

  const PcrSelection two = ParsePcrList("sha1:0,1+sha256:0,1,23").value();
  ASSERT_EQ(two.banks.size(), 2u);
  EXPECT_EQ(two.banks[0].hash, HashAlg::kSha1);
  EXPECT_EQ(two.banks[1].indexes, (std::vector<std::uint32_t>{0, 1, 23}));
  EXPECT_EQ(two.PcrCount(), 5u);
  EXPECT_EQ(two.ToString(), "sha1:0,1+sha256:0,1,23");

  EXPECT_EQ(ParsePcrList("sha384:all").value().PcrCount(), 24u);
  EXPECT_EQ(ParsePcrList("sha512:23,7,7,0").value().ToString(), "sha512:0,7,23");
}

TEST(PcrList, RejectsMalformedLists) {
  const struct {
    std::string text;
    std::string message;
  } cases[] = {
      {"", "PCR list \"\": \"\" is not <bank>:<indexes>, e.g. sha256:0,1,7"},
      {"sha256", "PCR list \"sha256\": \"sha256\" is not <bank>:<indexes>, e.g. sha256:0,1,7"},
      {"md5:0", "PCR list \"md5:0\": bank \"md5\" is not sha1, sha256, sha384 or sha512"},
      {"sha256:", "PCR list \"sha256:\": \"\" is not a PCR index 0..31"},
      {"sha256:32", "PCR list \"sha256:32\": \"32\" is not a PCR index 0..31"},
      {"sha256:0,,1", "PCR list \"sha256:0,,1\": \"\" is not a PCR index 0..31"},
      {"sha256:-1", "PCR list \"sha256:-1\": \"-1\" is not a PCR index 0..31"},
      {"sha256:1x", "PCR list \"sha256:1x\": \"1x\" is not a PCR index 0..31"},
      {"sha256:0+", "PCR list \"sha256:0+\": \"\" is not <bank>:<indexes>, e.g. sha256:0,1,7"},
      {"sha1:0+sha1:1", "PCR list \"sha1:0+sha1:1\" lists bank sha1 twice"},
  };
  for (const auto& c : cases) {
    auto parsed = ParsePcrList(c.text);
    ASSERT_FALSE(parsed) << c.text;
    EXPECT_EQ(parsed.error().code, ErrorCode::kInvalidArgument);
    EXPECT_EQ(parsed.error().message, c.message);
  }
}

TEST(PcrSelection, SameSelectionIgnoresBankOrder) {
  const PcrSelection a = ParsePcrList("sha1:0+sha256:1,2").value();
  const PcrSelection b = ParsePcrList("sha256:2,1+sha1:0").value();
  EXPECT_TRUE(SelectsSamePcrs(a, b));
  EXPECT_FALSE(a == b);  // the order still matters for pcrDigest
  EXPECT_FALSE(SelectsSamePcrs(a, ParsePcrList("sha1:0+sha256:1").value()));
  EXPECT_FALSE(SelectsSamePcrs(a, ParsePcrList("sha256:0+sha1:1,2").value()));
}

TEST(PcrSelection, ReadsTheBinaryForm) {
  Bytes bytes;
  test::Be32(bytes, 2);
  test::Append(bytes, {0x00, 0x04, 0x03, 0x03, 0x00, 0x00});        // sha1: 0, 1
  test::Append(bytes, {0x00, 0x0B, 0x04, 0x01, 0x00, 0x80, 0x80});  // sha256: 0, 23, 31
  ByteReader reader(bytes);
  EXPECT_EQ(ReadPcrSelection(reader, "sel").value().ToString(), "sha1:0,1+sha256:0,23,31");
  EXPECT_EQ(reader.remaining(), 0u);

  Bytes empty_bank;
  test::Be32(empty_bank, 1);
  test::Append(empty_bank, {0x00, 0x04, 0x03, 0x00, 0x00, 0x00});
  ByteReader empty_reader(empty_bank);
  EXPECT_EQ(ReadPcrSelection(empty_reader, "sel").value().ToString(), "sha1:none");
}

}  // namespace
}  // namespace veil::evidence::tpm
