#pragma once
// The IMA test data of tests/data/ima (written by generate.py, independently of Veil): the
// parsed list, its allowlist, and quoted PCR values as evidence::tpm::PcrValues.

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "veil/appraisal/ima/allowlist.h"
#include "veil/base/hex.h"
#include "veil/evidence/ima/ascii_list.h"
#include "veil/evidence/tpm/pcr_values.h"
#include "veil/testing/fixtures.h"

namespace veil::appraisal::ima::test {

inline std::string TestText(const char* relative) {
  const Bytes bytes = testing::ReadTestData(relative);
  return {bytes.begin(), bytes.end()};
}

inline std::vector<evidence::ima::Entry> TestEntries() {
  auto entries = evidence::ima::ParseAsciiList(TestText("ima/list.ascii"));
  EXPECT_TRUE(entries.has_value()) << entries.error().ToString();
  return entries ? *entries : std::vector<evidence::ima::Entry>{};
}

inline Allowlist TestAllowlist() {
  auto allowlist = ParseAllowlist(TestText("ima/allowlist.json"));
  EXPECT_TRUE(allowlist.has_value()) << allowlist.error().ToString();
  return allowlist ? *allowlist : Allowlist{};
}

// {"sha1": {"10": "<hex>", ...}, "sha256": {...}} as generate.py writes it.
inline evidence::tpm::PcrValues TestPcrs(const char* relative) {
  const nlohmann::json document = nlohmann::json::parse(TestText(relative));
  evidence::tpm::PcrValues out;
  for (const auto& [bank, values] : document.items()) {
    const auto hash =
        bank == "sha1" ? evidence::tpm::HashAlg::kSha1 : evidence::tpm::HashAlg::kSha256;
    for (const auto& [index, hex] : values.items()) {
      out[hash][static_cast<std::uint32_t>(std::stoul(index))] =
          HexDecode(hex.get<std::string>()).value();
    }
  }
  return out;
}

}  // namespace veil::appraisal::ima::test
