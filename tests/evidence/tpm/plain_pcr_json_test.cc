#include "veil/evidence/tpm/plain_pcr_json.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "veil/base/hex.h"
#include "veil/evidence/tpm/pcr_values.h"
#include "veil/testing/fixtures.h"
#include "wire.h"

namespace veil::evidence::tpm {
namespace {

using nlohmann::json;

Bytes Text(const std::string& text) { return Bytes(text.begin(), text.end()); }

// The oracle: the JSON forms read through a JSON tree, as pcr_values.h describes them; nullopt for
// any file the general reader refuses.
std::optional<PcrValues> ThroughJsonTree(const Bytes& bytes, const PcrSelection& selection) {
  const json document = json::parse(bytes.begin(), bytes.end(), nullptr, false);
  PcrValues all;
  auto digest = [](const json& value, HashAlg hash) -> std::optional<Bytes> {
    if (!value.is_string()) return std::nullopt;
    auto decoded = HexDecode(value.get<std::string>());
    if (!decoded || decoded->size() != HashAlgDigestSize(hash)) return std::nullopt;
    return *decoded;
  };
  if (document.is_array()) {
    if (document.size() != 24) return std::nullopt;
    for (std::uint32_t i = 0; i < 24; ++i) {
      auto value = digest(document[i], HashAlg::kSha256);
      if (!value) return std::nullopt;
      all[HashAlg::kSha256][i] = *value;
    }
  } else if (document.is_object()) {
    for (const auto& [name, bank] : document.items()) {
      std::optional<HashAlg> hash;
      for (HashAlg h : {HashAlg::kSha1, HashAlg::kSha256, HashAlg::kSha384, HashAlg::kSha512}) {
        if (HashAlgName(h) == name) hash = h;
      }
      if (!hash || !bank.is_object()) return std::nullopt;
      for (const auto& [key, value] : bank.items()) {
        const bool canonical = !key.empty() && key.size() <= 2 &&
                               key.find_first_not_of("0123456789") == std::string::npos &&
                               (key == "0" || key[0] != '0');
        if (!canonical || std::stoul(key) >= 32) return std::nullopt;
        auto decoded = digest(value, *hash);
        if (!decoded) return std::nullopt;
        all[*hash][static_cast<std::uint32_t>(std::stoul(key))] = *decoded;
      }
    }
  } else {
    return std::nullopt;
  }
  PcrValues selected;
  for (const PcrBank& bank : selection.banks) {
    for (std::uint32_t index : bank.indexes) {
      if (!all[bank.hash].contains(index)) return std::nullopt;
      selected[bank.hash][index] = all[bank.hash][index];
    }
  }
  return selected;
}

TEST(PlainPcrJson, ReadsTheGceFileForEachBankLikeTheJsonTree) {
  const Bytes file = testing::ReadFixture("tpm/gce-cos85-pcrs.json");
  for (const char* list :
       {"sha1:all", "sha256:all", "sha384:all", "sha256:0,7", "sha1:0+sha256:23"}) {
    const PcrSelection selection = ParsePcrList(list).value();
    const auto plain = ReadPlainPcrJson(file, selection);
    ASSERT_TRUE(plain) << list;
    EXPECT_EQ(plain->format, PcrFileFormat::kJson);
    EXPECT_EQ(plain->values, ThroughJsonTree(file, selection).value()) << list;
  }
  const auto two = ReadPlainPcrJson(file, ParsePcrList("sha256:0,7").value()).value();
  ASSERT_EQ(two.values.size(), 1u);
  EXPECT_EQ(two.values.at(HashAlg::kSha256).size(), 2u);
  EXPECT_EQ(HexEncode(two.values.at(HashAlg::kSha256).at(0)),
            "0f35c214608d93c7a6e68ae7359b4a8be5a0e99eea9107ece427c4dea4e439cf");
}

TEST(PlainPcrJson, ReadsTheCocoArrayAsNlohmannDumpsIt) {
  const Bytes array = Text(test::TrusteeEvidence().at("tpm_quote").at("pcrs").dump());
  const PcrSelection selection = ParsePcrList("sha256:all").value();
  const auto plain = ReadPlainPcrJson(array, selection);
  ASSERT_TRUE(plain);
  EXPECT_EQ(plain->format, PcrFileFormat::kCocoArray);
  EXPECT_EQ(plain->values, ThroughJsonTree(array, selection).value());
  EXPECT_EQ(plain->values.at(HashAlg::kSha256).at(17), Bytes(32, 0xFF));
}

TEST(PlainPcrJson, LeavesEverySpellingItDoesNotReadToTheGeneralReader) {
  const PcrSelection selection = ParsePcrList("sha256:0").value();
  const std::string zero(64, '0');
  const std::string escaped_index = "{\"sha256\": {\"\\u0030\": \"" + zero + "\"}}";
  const std::string duplicate =
      "{\"sha256\": {\"0\": \"" + std::string(64, '1') + "\", \"0\": \"" + zero + "\"}}";
  const std::string duplicate_bank =
      "{\"sha256\": {\"0\": \"" + zero + "\"}, \"sha256\": {\"0\": \"" + zero + "\"}}";
  for (const std::string& text : {escaped_index, duplicate, duplicate_bank}) {
    EXPECT_FALSE(ReadPlainPcrJson(Text(text), selection)) << text;
    // ... and the general reader still reads them, as it always did.
    const PcrFile file = ParsePcrFile(Text(text), selection).value();
    EXPECT_EQ(file.values.at(HashAlg::kSha256).at(0), Bytes(32, 0)) << text;
  }
  // Refused by both: the plain reader declines, the general reader names the error.
  for (const std::string& text : {"{\"sha256\": {\"0\": \"" + zero + "\", \"1\": \"zz\"}}",
                                  "{\"sha256\": {\"0\": \"" + zero + "\"}} x",
                                  "{\"sha256\": {\"1\": \"" + zero + "\"}}", std::string("[]")}) {
    EXPECT_FALSE(ReadPlainPcrJson(Text(text), selection)) << text;
    EXPECT_FALSE(ParsePcrFile(Text(text), selection)) << text;
  }
}

TEST(PlainPcrJson, AcceptsWhatHexDecodeAccepts) {
  const PcrSelection selection = ParsePcrList("sha256:0").value();
  const std::string text =
      " {\r\n\t\"sha256\" : { \"0\" : \"0X" + std::string(64, 'A') + "\" } } \n";
  const auto plain = ReadPlainPcrJson(Text(text), selection);
  ASSERT_TRUE(plain);
  EXPECT_EQ(plain->values.at(HashAlg::kSha256).at(0), Bytes(32, 0xAA));
}

// Every one-byte change of a small file: whatever the plain reader accepts, the JSON tree reads
// the same way, so answering without the tree never changes a result.
TEST(PlainPcrJson, EveryOneByteChangeItAcceptsReadsTheSameThroughTheJsonTree) {
  const std::string base = "{\"sha1\": {\"0\": \"" + std::string(40, 'a') +
                           "\"}, \"sha256\": {\"0\": \"" + std::string(64, 'b') + "\", \"7\": \"" +
                           std::string(64, 'c') + "\"}}";
  const PcrSelection selection = ParsePcrList("sha256:0,7").value();
  ASSERT_TRUE(ReadPlainPcrJson(Text(base), selection));
  std::size_t accepted = 0;
  for (std::size_t at = 0; at < base.size(); ++at) {
    std::string deleted = base;
    deleted.erase(at, 1);
    std::vector<std::string> variants = {deleted};
    for (char c : std::string(" \"{}[],:017xgA\\\x7f\x80")) {
      std::string changed = base;
      changed[at] = c;
      variants.push_back(changed);
    }
    for (const std::string& variant : variants) {
      const auto plain = ReadPlainPcrJson(Text(variant), selection);
      if (!plain) continue;
      ++accepted;
      const auto reference = ThroughJsonTree(Text(variant), selection);
      ASSERT_TRUE(reference) << variant;
      EXPECT_EQ(plain->values, *reference) << variant;
    }
  }
  EXPECT_GT(accepted, 100u);  // the changes inside unselected hex digits and spaces, at least
}

}  // namespace
}  // namespace veil::evidence::tpm
