// What the trustee tells an owner to enrol: the launch references the default policy requires.

#include "veil/policy/enrolment.h"

#include <gtest/gtest.h>

#include <map>

#include "veil/base/rfc3339.h"
#include "veil/policy/default_policies.h"

namespace veil::policy {
namespace {

using Json = nlohmann::json;

const TimePoint kNow = ParseRfc3339("2026-11-23T00:00:00Z").value();

ReferenceValueSet References(const std::string& json) { return ParseReferenceValues(json).value(); }

// Claims of a debug-off guest of each hardware TEE kind, shaped as its verifier produces them; the
// launch reference's value in them is "aa..".
const std::map<std::string, Json>& ClaimsByTee() {
  static const std::map<std::string, Json> claims = {
      {"snp", {{"measurement", std::string(96, 'a')}, {"policy", {{"debug", false}}}}},
      {"tdx", {{"mr_td", std::string(96, 'a')}, {"debug", false}, {"tcb_status", "UpToDate"}}},
      {"sgx",
       {{"mr_enclave", std::string(96, 'a')},
        {"mr_signer", std::string(64, 'b')},
        {"isv_prod_id", 0},
        {"isv_svn", 0},
        {"debug", false},
        {"tcb_status", "UpToDate"}}},
      {"tpm", {{"ak", std::string(64, 'a')}, {"pcrs", {{"sha256", {{"23", "00"}}}}}}},
  };
  return claims;
}

TEST(LaunchReferences, EveryHardwareTeeKindHasOneAndIsRefusedWithoutIt) {
  ASSERT_EQ(LaunchReferences().size(), ClaimsByTee().size());
  for (const LaunchReference& reference : LaunchReferences()) {
    SCOPED_TRACE(std::string(reference.tee));
    const auto claims = ClaimsByTee().find(std::string(reference.tee));
    ASSERT_NE(claims, ClaimsByTee().end()) << "add claims of this TEE kind to the test";
    const Appraisal without = EvaluateRecordedClaims(
        DefaultAttestationPolicy(), std::string(reference.tee), claims->second, {}, kNow);
    EXPECT_NE(without.status, ArStatus::kAffirming);
    // One hint for the reference, and one for each name of the form that may stand instead.
    const std::vector<std::string> hints = EnrolmentHints(without);
    ASSERT_EQ(hints.size(), 1u + reference.instead.size());
    EXPECT_NE(hints[0].find(std::string(reference.name)), std::string::npos);
    for (std::size_t i = 0; i < reference.instead.size(); ++i)
      EXPECT_NE(hints[1 + i].find(std::string(reference.instead[i])), std::string::npos);

    const std::string value = reference.tee == "tpm" ? std::string(64, 'a') : std::string(96, 'a');
    const Appraisal with = EvaluateRecordedClaims(
        DefaultAttestationPolicy(), std::string(reference.tee), claims->second,
        References(R"([{"name": ")" + std::string(reference.name) + R"(", "values": [")" + value +
                   R"("]}])"),
        kNow);
    EXPECT_EQ(with.status, ArStatus::kAffirming) << DenialReasons(with).front();
    EXPECT_TRUE(EnrolmentHints(with).empty());
  }
}

// SGX's signer form (sgx.mr_signer and sgx.isv_prod_id) stands in for sgx.mr_enclave.
TEST(LaunchReferences, SgxIsAffirmedByItsSignerAndProductInstead) {
  const Appraisal with = EvaluateRecordedClaims(
      DefaultAttestationPolicy(), "sgx", ClaimsByTee().at("sgx"),
      References(R"([{"name": "sgx.mr_signer", "values": [")" + std::string(64, 'b') +
                 R"("]}, {"name": "sgx.isv_prod_id", "values": [0]}])"),
      kNow);
  EXPECT_EQ(with.status, ArStatus::kAffirming) << DenialReasons(with).front();
  EXPECT_TRUE(EnrolmentHints(with).empty());
}

TEST(MissingLaunchReferenceLines, SgxIsEnrolledByEitherForm) {
  const auto sgx_line = [](const std::string& json) {
    for (const std::string& line : MissingLaunchReferenceLines(References(json), kNow)) {
      if (line.find("sgx.mr_enclave") != std::string::npos) return line;
    }
    return std::string();
  };
  EXPECT_EQ(sgx_line(R"([{"name": "sgx.mr_enclave", "values": ["dd"]}])"), "");
  EXPECT_EQ(sgx_line(R"([{"name": "sgx.mr_signer", "values": ["dd"]},
                         {"name": "sgx.isv_prod_id", "values": [1]}])"),
            "");
  // Half the signer form is not enough; the line offers both forms.
  const std::string line = sgx_line(R"([{"name": "sgx.mr_signer", "values": ["dd"]}])");
  EXPECT_NE(line.find("(veil refval add sgx.mr_enclave VALUE), or the MRSIGNER"), std::string::npos)
      << line;
  EXPECT_NE(line.find("(veil refval add sgx.mr_signer VALUE; veil refval add sgx.isv_prod_id "
                      "VALUE)"),
            std::string::npos)
      << line;
}

TEST(MissingLaunchReferenceLines, NameEachMissingReferenceAndTheCommand) {
  const std::vector<std::string> lines = MissingLaunchReferenceLines({}, kNow);
  ASSERT_EQ(lines.size(), 4u);
  EXPECT_EQ(lines[0].rfind("no current reference value snp.measurement: snp guests are not "
                           "affirmed and receive no secrets",
                           0),
            0u)
      << lines[0];
  EXPECT_NE(lines[0].find("(veil refval add snp.measurement VALUE)"), std::string::npos);
  EXPECT_NE(lines[1].find("tdx.mr_td"), std::string::npos);
  EXPECT_NE(lines[2].find("sgx.mr_enclave"), std::string::npos);
  EXPECT_NE(lines[3].find("tpm.ak"), std::string::npos);
}

TEST(MissingLaunchReferenceLines, EnrolledReferencesAreNotListedButExpiredOnesAre) {
  const ReferenceValueSet refs = References(R"([
      {"name": "snp.measurement", "values": ["aa"]},
      {"name": "tdx.mr_td", "values": ["cc"]},
      {"name": "sgx.mr_enclave", "values": ["dd"]},
      {"name": "tpm.ak", "values": ["bb"], "expires": "2026-01-01T00:00:00Z"}])");
  const std::vector<std::string> lines = MissingLaunchReferenceLines(refs, kNow);
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_NE(lines[0].find("tpm.ak"), std::string::npos);
  EXPECT_TRUE(
      MissingLaunchReferenceLines(References(R"([{"name": "snp.measurement", "values": ["aa"]},
                                 {"name": "tdx.mr_td", "values": ["cc"]},
                                 {"name": "sgx.mr_enclave", "values": ["dd"]},
                                 {"name": "tpm.ak", "values": ["bb"]}])"),
                                  kNow)
          .empty());
}

TEST(EnrolmentHints, NameTheReferenceAndWhatTheGuestPresented) {
  const Appraisal appraisal =
      EvaluateRecordedClaims(DefaultAttestationPolicy(), "tpm", ClaimsByTee().at("tpm"), {}, kNow);
  EXPECT_EQ(EnrolmentHints(appraisal),
            std::vector<std::string>{"rule known-ak needs reference value tpm.ak and none is "
                                     "current; the guest presented " +
                                     std::string(64, 'a') +
                                     "; enrol the value you expect with: veil refval add tpm.ak "
                                     "VALUE"});
}

TEST(EnrolmentHints, NoneForAnAffirmingOrMismatchedAppraisal) {
  const Appraisal mismatched =
      EvaluateRecordedClaims(DefaultAttestationPolicy(), "tpm", ClaimsByTee().at("tpm"),
                             References(R"([{"name": "tpm.ak", "values": ["bb"]}])"), kNow);
  EXPECT_EQ(mismatched.status, ArStatus::kContraindicated);
  EXPECT_TRUE(EnrolmentHints(mismatched).empty());
}

}  // namespace
}  // namespace veil::policy
