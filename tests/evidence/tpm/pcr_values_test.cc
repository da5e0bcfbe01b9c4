#include "veil/evidence/tpm/pcr_values.h"

#include <gtest/gtest.h>

#include "veil/base/hex.h"
#include "veil/testing/fixtures.h"
#include "wire.h"

namespace veil::evidence::tpm {
namespace {

struct NativeBank {
  std::uint16_t hash;
  std::uint32_t bitmap;  // PCR n = bit n
};

// tpm2-tools 5.x `tpm2_quote -o` layout (native little-endian x86_64): TPML_PCR_SELECTION
// (count + 16 x {hash u16, sizeofSelect u8, pcrSelect[4], pad}), u32 N, N x TPML_DIGEST
// (count + 8 x {size u16, buffer[64]}).
Bytes Serialized(const std::vector<NativeBank>& banks, const std::vector<Bytes>& digests) {
  Bytes file;
  test::Le32(file, static_cast<std::uint32_t>(banks.size()));
  for (std::size_t slot = 0; slot < 16; ++slot) {
    if (slot >= banks.size()) {
      file.resize(file.size() + 8, 0);
      continue;
    }
    test::Le16(file, banks[slot].hash);
    file.push_back(3);
    test::Le32(file, banks[slot].bitmap);
    file.push_back(0);
  }
  const std::size_t lists = std::max<std::size_t>(1, (digests.size() + 7) / 8);
  test::Le32(file, static_cast<std::uint32_t>(lists));
  for (std::size_t list = 0; list < lists; ++list) {
    const std::size_t first = list * 8;
    const std::size_t count =
        std::min<std::size_t>(8, digests.size() - std::min(first, digests.size()));
    test::Le32(file, static_cast<std::uint32_t>(count));
    for (std::size_t slot = 0; slot < 8; ++slot) {
      Bytes buffer(64, 0);
      std::uint16_t size = 0;
      if (slot < count) {
        const Bytes& digest = digests[first + slot];
        std::copy(digest.begin(), digest.end(), buffer.begin());
        size = static_cast<std::uint16_t>(digest.size());
      }
      test::Le16(file, size);
      test::Append(file, buffer);
    }
  }
  return file;
}

// Five distinct digests for sha1:0,1+sha256:0,1,23.
std::vector<Bytes> FiveDigests() {
  return {Bytes(20, 0x10), Bytes(20, 0x11), Bytes(32, 0x20), Bytes(32, 0x21), Bytes(32, 0x23)};
}
PcrSelection MixedSelection() { return ParsePcrList("sha1:0,1+sha256:0,1,23").value(); }
Bytes MixedSerialized() {
  return Serialized({{kAlgSha1, 0x3}, {kAlgSha256, 0x800003}}, FiveDigests());
}

Bytes Text(const std::string& text) { return Bytes(text.begin(), text.end()); }

Error ParseError(const Bytes& bytes, const PcrSelection& selection) {
  auto parsed = ParsePcrFile(bytes, selection);
  EXPECT_FALSE(parsed) << "parsed unexpectedly as "
                       << (parsed ? PcrFileFormatName(parsed->format) : "");
  return parsed ? Error{} : parsed.error();
}

void ExpectMixedValues(const PcrValues& values) {
  EXPECT_EQ(values.at(HashAlg::kSha1).at(0), Bytes(20, 0x10));
  EXPECT_EQ(values.at(HashAlg::kSha1).at(1), Bytes(20, 0x11));
  EXPECT_EQ(values.at(HashAlg::kSha256).at(0), Bytes(32, 0x20));
  EXPECT_EQ(values.at(HashAlg::kSha256).at(1), Bytes(32, 0x21));
  EXPECT_EQ(values.at(HashAlg::kSha256).at(23), Bytes(32, 0x23));
  EXPECT_EQ(values.at(HashAlg::kSha256).size(), 3u);
}

TEST(PcrFile, ReadsTheSerializedFormat) {
  const Bytes file = MixedSerialized();
  ASSERT_EQ(file.size(), 668u);  // the size tpm2_quote writes for up to 8 PCRs
  const PcrFile parsed = ParsePcrFile(file, MixedSelection()).value();
  EXPECT_EQ(parsed.format, PcrFileFormat::kSerialized);
  ExpectMixedValues(parsed.values);
}

TEST(PcrFile, SerializedValuesSpanSeveralDigestLists) {
  std::vector<Bytes> digests;
  for (std::uint8_t i = 0; i < 10; ++i) digests.push_back(Bytes(32, i));
  const Bytes file = Serialized({{kAlgSha256, 0x3FF}}, digests);
  ASSERT_EQ(file.size(), 136u + 2 * 532u);
  const PcrFile parsed =
      ParsePcrFile(file, ParsePcrList("sha256:0,1,2,3,4,5,6,7,8,9").value()).value();
  EXPECT_EQ(parsed.values.at(HashAlg::kSha256).at(9), Bytes(32, 9));
  EXPECT_EQ(parsed.values.at(HashAlg::kSha256).at(8), Bytes(32, 8));
}

TEST(PcrFile, ReadsTheValuesFormat) {
  Bytes file;
  for (const Bytes& digest : FiveDigests()) test::Append(file, digest);
  ASSERT_EQ(file.size(), 136u);
  const PcrFile parsed = ParsePcrFile(file, MixedSelection()).value();
  EXPECT_EQ(parsed.format, PcrFileFormat::kValues);
  ExpectMixedValues(parsed.values);
}

TEST(PcrFile, ReadsGceJsonForEachBank) {
  const Bytes json = testing::ReadFixture("tpm/gce-cos85-pcrs.json");
  for (const char* bank : {"sha1", "sha256", "sha384"}) {
    const PcrFile parsed =
        ParsePcrFile(json, ParsePcrList(std::string(bank) + ":all").value()).value();
    EXPECT_EQ(parsed.format, PcrFileFormat::kJson);
    ASSERT_EQ(parsed.values.size(), 1u);  // only the selected bank
    EXPECT_EQ(parsed.values.begin()->second.size(), 24u);
  }
  const PcrFile sha256 = ParsePcrFile(json, ParsePcrList("sha256:0,7").value()).value();
  EXPECT_EQ(HexEncode(sha256.values.at(HashAlg::kSha256).at(0)),
            "0f35c214608d93c7a6e68ae7359b4a8be5a0e99eea9107ece427c4dea4e439cf");
  EXPECT_EQ(sha256.values.at(HashAlg::kSha256).size(), 2u);
}

TEST(PcrFile, ReadsTheCocoArray) {
  const std::string array = test::TrusteeEvidence().at("tpm_quote").at("pcrs").dump();
  const PcrFile parsed = ParsePcrFile(Text(array), ParsePcrList("sha256:all").value()).value();
  EXPECT_EQ(parsed.format, PcrFileFormat::kCocoArray);
  EXPECT_EQ(parsed.values.at(HashAlg::kSha256).at(0), Bytes(32, 0x00));
  EXPECT_EQ(parsed.values.at(HashAlg::kSha256).at(17), Bytes(32, 0xFF));

  EXPECT_EQ(ParseError(Text(array), ParsePcrList("sha1:0").value()).message,
            "PCR file has no value for selected PCR sha1:0");
  EXPECT_EQ(ParseError(Text("[\"00\"]"), ParsePcrList("sha256:0").value()).message,
            "CoCo PCR array: expected 24 SHA-256 values, got 1");
}

TEST(PcrFile, SerializedSelectionMustBeTheQuotes) {
  const Bytes file = Serialized({{kAlgSha256, 0x3}}, {Bytes(32, 1), Bytes(32, 2)});
  EXPECT_EQ(ParseError(file, ParsePcrList("sha256:0,2").value()).message,
            "serialized PCR file selects sha256:0,1, the quote selects sha256:0,2");
}

TEST(PcrFile, SerializedDigestsMustFitTheirSelection) {
  const PcrSelection selection = ParsePcrList("sha256:0,1").value();
  EXPECT_EQ(ParseError(Serialized({{kAlgSha256, 0x3}}, {Bytes(32, 1)}), selection).message,
            "PCR file holds 1 digests, its selection sha256:0,1 has 2 PCRs");
  EXPECT_EQ(
      ParseError(Serialized({{kAlgSha256, 0x3}}, {Bytes(20, 1), Bytes(32, 2)}), selection).message,
      "PCR sha256:0: expected a 32-byte digest, got 20 bytes");
}

TEST(PcrFile, SerializedSizeFieldsAboveTheirMaximumFail) {
  const PcrSelection selection = MixedSelection();
  Bytes count = MixedSerialized();
  std::fill(count.begin(), count.begin() + 4, 0xFF);
  EXPECT_EQ(ParseError(count, selection).message,
            "serialized TPML_PCR_SELECTION.count 4294967295 exceeds the maximum 16");
  Bytes lists = MixedSerialized();
  std::fill(lists.begin() + 132, lists.begin() + 136, 0xFF);
  EXPECT_EQ(ParseError(lists, selection).message,
            "serialized PCR file announces 4294967295 TPML_DIGEST of 532 bytes, 532 bytes remain");
  Bytes digests = MixedSerialized();
  std::fill(digests.begin() + 136, digests.begin() + 140, 0xFF);
  EXPECT_EQ(ParseError(digests, selection).message,
            "serialized TPML_DIGEST[0].count 4294967295 exceeds the maximum 8");
  Bytes size = MixedSerialized();
  size[140] = 0xFF;
  size[141] = 0xFF;
  EXPECT_EQ(ParseError(size, selection).message,
            "serialized TPML_DIGEST[0].digests[0].size 65535 exceeds the maximum 64");
  Bytes select = MixedSerialized();
  select[6] = 0xFF;  // pcrSelections[0].sizeofSelect
  EXPECT_EQ(
      ParseError(select, selection).message,
      "serialized TPML_PCR_SELECTION.pcrSelections[0].sizeofSelect 255 exceeds the maximum 4");
}

TEST(PcrFile, EveryTruncationFails) {
  Bytes values;
  for (const Bytes& digest : FiveDigests()) test::Append(values, digest);
  for (const Bytes& full : {MixedSerialized(), values}) {
    for (std::size_t size = 0; size < full.size(); ++size) {
      if (size == values.size()) continue;  // any blob of the values size is a values-format file
      const Error error = ParseError(
          Bytes(full.begin(), full.begin() + static_cast<std::ptrdiff_t>(size)), MixedSelection());
      EXPECT_EQ(error.code, ErrorCode::kMalformed) << size << ": " << error.message;
    }
  }
}

TEST(PcrFile, SizeThatFitsNoFormatNamesTheExpectedSizes) {
  EXPECT_EQ(ParseError(Bytes(137, 0), MixedSelection()).message,
            "PCR file of 137 bytes matches no known format for the selection "
            "sha1:0,1+sha256:0,1,23: the values "
            "format needs 136 bytes, the serialized format 136 + 532*N bytes, JSON starts with '{' "
            "or '['");
}

TEST(PcrFile, JsonErrorsNameTheEntry) {
  const PcrSelection selection = ParsePcrList("sha256:0").value();
  const std::string zero(64, '0');
  const struct {
    std::string json;
    std::string message;
  } cases[] = {
      {"{\"sha256\": {\"1\": \"" + zero + "\"}}",
       "PCR file has no value for selected PCR sha256:0"},
      {"{\"sha256\": {\"0\": \"" + zero.substr(2) + "\"}}",
       "PCR sha256:0: expected a 32-byte sha256 digest, got 31 bytes"},
      {"{\"sha256\": {\"0\": \"zz\"}}", "PCR sha256:0: " + HexDecode("zz").error().message},
      {"{\"sha256\": {\"0\": 7}}", "PCR sha256:0: expected a hex string, got number"},
      {"{\"sha256\": {\"00\": \"" + zero + "\"}}",
       "PCR JSON bank sha256: \"00\" is not a PCR index 0..31"},
      {"{\"sm3\": {}}", "PCR JSON: bank \"sm3\" is not sha1, sha256, sha384 or sha512"},
      {"{\"sha256\": []}", "PCR JSON bank sha256: expected an object of index -> hex"},
      {" {\"sha256\": ", "PCR file starts like JSON but is not a JSON object or array"},
  };
  for (const auto& c : cases) {
    EXPECT_EQ(ParseError(Text(c.json), selection).message, c.message) << c.json;
  }
}

}  // namespace
}  // namespace veil::evidence::tpm
