// An AK bound to an enrolled node counts as a tpm.ak reference value for the appraisal, so the
// default policy's known-ak rule affirms it without one added by hand; without the node claim
// nothing changes.

#include <gtest/gtest.h>

#include "veil/base/rfc3339.h"
#include "veil/kbs/tee_evidence.h"
#include "veil/policy/attestation_policy.h"
#include "veil/policy/default_policies.h"
#include "veil/testing/unchecked_claims.h"

namespace veil::kbs {
namespace {

using nlohmann::json;

const TimePoint kNow = ParseRfc3339("2026-12-01T10:00:00Z").value();
const std::string kAk(64, 'a');

policy::ArStatus DefaultStatus(const appraisal::VerifiedClaims& claims,
                               const policy::ReferenceValueSet& references) {
  return policy::EvaluateAttestationPolicy(policy::DefaultAttestationPolicy(), claims, references,
                                           kNow)
      .status;
}

TEST(EnrolledNodeAk, TheAkOfAnEnrolledNodeIsAKnownAk) {
  const auto enrolled = testing::UncheckedClaimsForTest(
      "tpm", {{"ak", kAk}, {"node", "edge-17"}, {"pcrs", json::object()}});
  const auto references = WithEnrolledNodeAk({}, enrolled).value();
  const policy::ReferenceLookup lookup = references.Lookup("tpm.ak", kNow);
  EXPECT_EQ(lookup.accepted, std::vector<std::string>{kAk});
  const auto entries = references.CurrentEntries("tpm.ak", kNow);
  ASSERT_EQ(entries.size(), 1u);
  EXPECT_EQ(entries[0]->provenance, "node edge-17, enrolled by credential activation");
  EXPECT_EQ(DefaultStatus(enrolled, references), policy::ArStatus::kAffirming);
}

TEST(EnrolledNodeAk, HandEnrolledValuesStayBeside) {
  policy::ReferenceValueSet stored;
  ASSERT_TRUE(stored.Add({"tpm.ak", {std::string(64, 'b')}, std::nullopt, "by hand"}));
  const auto enrolled = testing::UncheckedClaimsForTest("tpm", {{"ak", kAk}, {"node", "edge-17"}});
  const auto references = WithEnrolledNodeAk(std::move(stored), enrolled).value();
  EXPECT_EQ(references.Lookup("tpm.ak", kNow).accepted,
            (std::vector<std::string>{std::string(64, 'b'), kAk}));
}

TEST(EnrolledNodeAk, WithoutANodeClaimNothingIsAdded) {
  const auto unenrolled = testing::UncheckedClaimsForTest("tpm", {{"ak", kAk}});
  const auto references = WithEnrolledNodeAk({}, unenrolled).value();
  EXPECT_FALSE(references.Lookup("tpm.ak", kNow).known);
  EXPECT_EQ(DefaultStatus(unenrolled, references), policy::ArStatus::kContraindicated);
  // A "node" claim of another TEE is no TPM node.
  const auto sample = testing::UncheckedClaimsForTest("sample", {{"ak", kAk}, {"node", "x"}});
  EXPECT_TRUE(WithEnrolledNodeAk({}, sample).value().empty());
}

}  // namespace
}  // namespace veil::kbs
