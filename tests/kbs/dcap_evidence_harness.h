#pragma once
// What the TDX and SGX evidence tests share: real DCAP quotes with their real collateral through
// AppraiseTeeEvidence, and through /auth and /attest on a KbsHarness. Test-only.

#include <gtest/gtest.h>

#include <filesystem>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "veil/appraisal/verified_claims.h"
#include "veil/base/bytes.h"
#include "veil/base/clock.h"
#include "veil/base/result.h"
#include "veil/endorsement/intel/collateral.h"
#include "veil/initdata/init_data.h"
#include "veil/protocol/tee_kind.h"
#include "veil/testing/fixtures.h"

namespace veil::kbs {

// The collateral at `path` (a bundle file or directory); a test failure when it does not load.
endorsement::intel::Collateral LoadDcapCollateral(const std::filesystem::path& path);

// The REPORTDATA the quote in `fixture` carries, parsed by `parse` (evidence::<tee>::ParseQuote).
template <class Parse>
Bytes QuoteReportData(Parse parse, std::string_view fixture) {
  const Bytes quote = testing::ReadFixture(fixture);
  const auto parsed = parse(quote);
  EXPECT_TRUE(parsed) << parsed.error().ToString();
  return Bytes(parsed->body.report_data.begin(), parsed->body.report_data.end());
}

// AppraiseTeeEvidence of CoCo `evidence` of `tee` for `report_data`, at `clock`'s time, against
// `collateral` (none configured when null).
Result<appraisal::VerifiedClaims> AppraiseDcap(
    protocol::TeeKind tee, const nlohmann::json& evidence, ByteSpan report_data, const Clock& clock,
    const endorsement::intel::Collateral* collateral,
    const std::optional<initdata::InitData>& init_data = std::nullopt);

// The refusal's text; a test failure when `verdict` verified.
std::string Refusal(const Result<appraisal::VerifiedClaims>& verdict);

// /auth and /attest as a CoCo guest of `tee` sends them, with `evidence` (a real quote, which
// cannot bind this session's challenge) at `at` against `collateral`: expects 401
// AttestationError naming the report data the trustee expected and `quote_report_data`.
void ExpectAttestRefusesUnboundQuote(const std::string& tee, const nlohmann::json& evidence,
                                     TimePoint at, const endorsement::intel::Collateral& collateral,
                                     const Bytes& quote_report_data);

}  // namespace veil::kbs
