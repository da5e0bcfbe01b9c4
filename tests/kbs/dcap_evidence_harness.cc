#include "dcap_evidence_harness.h"

#include <gtest/gtest.h>

#include "kbs_harness.h"
#include "veil/base/hex.h"
#include "veil/endorsement/intel/collateral_directory.h"
#include "veil/kbs/tee_evidence.h"

namespace veil::kbs {

namespace intel = endorsement::intel;

intel::Collateral LoadDcapCollateral(const std::filesystem::path& path) {
  auto collateral = intel::LoadCollateral(path);
  EXPECT_TRUE(collateral) << collateral.error().ToString();
  return *std::move(collateral);
}

Result<appraisal::VerifiedClaims> AppraiseDcap(protocol::TeeKind tee,
                                               const nlohmann::json& evidence, ByteSpan report_data,
                                               const Clock& clock,
                                               const intel::Collateral* collateral,
                                               const std::optional<initdata::InitData>& init_data) {
  TeeEvidenceInput input{tee, evidence, report_data, init_data, clock};
  input.dcap_collateral = collateral;
  return AppraiseTeeEvidence(input);
}

std::string Refusal(const Result<appraisal::VerifiedClaims>& verdict) {
  EXPECT_FALSE(verdict);
  return verdict ? std::string("(verified)") : verdict.error().ToString();
}

void ExpectAttestRefusesUnboundQuote(const std::string& tee, const nlohmann::json& evidence,
                                     TimePoint at, const intel::Collateral& collateral,
                                     const Bytes& quote_report_data) {
  KbsHarness kbs;
  kbs.clock.Set(at);
  kbs.context.dcap_collateral = &collateral;
  TestGuest guest;
  ASSERT_EQ(guest.Auth(kbs.rcar, tee).status, 200u);
  const Bytes expected = guest.ReportData(guest.nonce());
  const http::Response response = guest.Attest(kbs.rcar, guest.AttestBody(guest.nonce(), evidence));
  EXPECT_EQ(response.status, 401u) << response.body;
  EXPECT_EQ(Variant(response), "AttestationError") << response.body;
  EXPECT_NE(Detail(response).find("REPORTDATA mismatch: expected " + HexEncode(expected) +
                                  ", found " + HexEncode(quote_report_data)),
            std::string::npos)
      << response.body;
}

}  // namespace veil::kbs
