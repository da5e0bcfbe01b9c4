#include "veil/policy/attestation_policy.h"

#include <gtest/gtest.h>

#include "veil/base/rfc3339.h"
#include "veil/testing/unchecked_claims.h"

namespace veil::policy {
namespace {

using Json = nlohmann::json;

const TimePoint kNow = ParseRfc3339("2026-01-01T00:00:00Z").value();

const Json kSnpClaims = Json::parse(R"({
  "measurement": "7A1E5C26", "host_data": "00", "policy": {"debug": false, "smt": true},
  "reported_tcb": {"snp": 8, "microcode": 115}, "guest_svn": 4, "vmpl": 0, "product": "Milan",
  "big": 18446744073709551615, "neg": -5, "chip": {"id": "aa"}})");

AttestationPolicy Parse(const std::string& text) {
  auto policy = ParseAttestationPolicy(text);
  EXPECT_TRUE(policy) << policy.error().ToString() << "\n" << text;
  return policy ? *policy : AttestationPolicy{};
}

// A policy with one rule that reads `claim` (may be empty) with `check`.
std::string OneRule(const std::string& claim, const std::string& check,
                    const std::string& extra = "") {
  const std::string claim_key = claim.empty() ? "" : R"("claim": ")" + claim + R"(", )";
  return R"({"id": "t", "rules": [{"name": "r", )" + claim_key + R"("check": )" + check + extra +
         R"(, "pass": {"configuration": 2}, "fail": {"configuration": 97}}]})";
}

ReferenceValueSet References(const std::string& json) { return ParseReferenceValues(json).value(); }

Appraisal Appraise(const std::string& policy_text, const Json& claims = kSnpClaims,
                   const ReferenceValueSet& refs = {}, const std::string& tee = "snp") {
  return EvaluateRecordedClaims(Parse(policy_text), tee, claims, refs, kNow);
}

// Evaluates a one-rule policy and returns its single trace entry.
TraceEntry Check(const std::string& claim, const std::string& check,
                 const ReferenceValueSet& refs = {}) {
  const Appraisal appraisal = Appraise(OneRule(claim, check), kSnpClaims, refs);
  EXPECT_EQ(appraisal.trace.size(), 1u);
  const TraceEntry& entry = appraisal.trace.front();
  // The rule's outcome sets the AR4SI claim, which sets the status.
  EXPECT_EQ(appraisal.status, entry.passed ? ArStatus::kAffirming : ArStatus::kContraindicated);
  EXPECT_EQ(entry.effect, entry.passed ? "configuration=2" : "configuration=97");
  return entry;
}

std::string Line(const TraceEntry& entry) { return DescribeTraceEntry(entry); }

// ---- parse errors ----

void ExpectRejected(const std::string& text, const std::string& message) {
  auto policy = ParseAttestationPolicy(text);
  ASSERT_FALSE(policy) << text;
  EXPECT_EQ(policy.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(policy.error().context, "policy");
  EXPECT_EQ(policy.error().message, message) << text;
}

TEST(AttestationPolicyParse, RejectsUnknownKeys) {
  ExpectRejected(R"({"id": "p", "rules": [], "version": 1})",
                 "attestation policy: unknown key \"version\"; expected one of id, rules");
  ExpectRejected(R"({"id": "p", "rules": [{"name": "r", "chek": {"always": true}}]})",
                 "rules[0] (r): unknown key \"chek\"; expected one of name, tee, except_tee, "
                 "claim, check, any_of, pass, fail");
}

TEST(AttestationPolicyParse, RejectsUnknownAndSeveralConditions) {
  ExpectRejected(OneRule("vmpl", R"({"greater": 1})"),
                 "rules[0] (r).check: unknown condition \"greater\"; expected one of always, "
                 "equals, not_equals, "
                 "one_of, in_reference, min_reference, min, max, exists, reference_values");
  ExpectRejected(OneRule("vmpl", R"({"equals": 1, "min": 0})"),
                 "rules[0] (r).check: expected exactly one condition, found 2 (equals, min)");
  ExpectRejected(OneRule("vmpl", R"({})"),
                 "rules[0] (r).check: expected exactly one condition, found 0");
  ExpectRejected(OneRule("vmpl", R"("equals")"),
                 "rules[0] (r).check: expected a condition object, found \"equals\"");
  ExpectRejected(R"({"id": "p", "rules": [{"name": "r", "claim": "vmpl"}]})",
                 "rules[0] (r): missing \"check\"");
}

TEST(AttestationPolicyParse, RejectsUnknownAr4siComponentsAndValuesOutsideInt8) {
  ExpectRejected(
      R"({"id": "p", "rules": [{"name": "r", "check": {"always": true}, "pass": {"hardwre": 2}}]})",
      "rules[0] (r).pass: unknown AR4SI component \"hardwre\"; expected one of instance-identity, "
      "configuration, executables, file-system, hardware, runtime-opaque, storage-opaque, "
      "sourced-data");
  for (const char* bad : {"128", "-129", "2.5", "\"2\"", "true", "18446744073709551615"}) {
    ExpectRejected(
        std::string(
            R"({"id": "p", "rules": [{"name": "r", "check": {"always": true}, "fail": {"hardware": )") +
            bad + "}}]}",
        std::string("rules[0] (r).fail.hardware: expected an integer in -128..127, found ") + bad);
  }
  ExpectRejected(R"({"id": "p", "rules": [{"name": "r", "check": {"always": true}, "pass": [2]}]})",
                 "rules[0] (r).pass: expected an object of AR4SI components, found [2]");
  EXPECT_TRUE(ParseAttestationPolicy(
      R"({"id": "p", "rules": [{"name": "r", "check": {"always": true}, "pass": {"hardware": -128, "executables": 127}}]})"));
}

TEST(AttestationPolicyParse, RejectsDuplicateRuleNames) {
  ExpectRejected(
      R"({"id": "p", "rules": [{"name": "a", "check": {"always": true}}, {"name": "b", "check": {"always": true}},
                                          {"name": "a", "check": {"always": false}}]})",
      "duplicate rule name \"a\" (rules[0] and rules[2])");
}

TEST(AttestationPolicyParse, RejectsAMissingOrSuperfluousClaim) {
  for (const char* check :
       {R"({"equals": 1})", R"({"not_equals": 1})", R"({"one_of": [1]})",
        R"({"in_reference": "web"})", R"({"min": 1})", R"({"max": 1})", R"({"exists": true})"}) {
    const std::string name = Json::parse(check).begin().key();
    ExpectRejected(OneRule("", check),
                   "rules[0] (r).check: condition " + name + " needs a \"claim\"");
  }
  ExpectRejected(OneRule("vmpl", R"({"always": true})"),
                 "rules[0] (r).check: condition always reads no claim; remove \"claim\"");
  ExpectRejected(OneRule("vmpl", R"({"reference_values": "all"})"),
                 "rules[0] (r).check: condition reference_values reads no claim; remove \"claim\"");
  ExpectRejected(
      OneRule("policy..debug", R"({"equals": false})"),
      "rules[0] (r).check: claim \"policy..debug\": expected a dotted path of non-empty segments");
  ExpectRejected(R"({"id": "p", "rules": [{"name": "r", "claim": 5, "check": {"equals": 1}}]})",
                 "rules[0] (r).claim: expected a non-empty claim path, found 5");
}

TEST(AttestationPolicyParse, RejectsOperandsOfTheWrongType) {
  ExpectRejected(OneRule("", R"({"always": "yes"})"),
                 "rules[0] (r).check: always: expected true or false, found \"yes\"");
  ExpectRejected(OneRule("vmpl", R"({"exists": 1})"),
                 "rules[0] (r).check: exists: expected true or false, found 1");
  ExpectRejected(OneRule("vmpl", R"({"equals": [0]})"),
                 "rules[0] (r).check: equals: expected a string, integer or boolean, found [0]");
  ExpectRejected(
      OneRule("vmpl", R"({"not_equals": null})"),
      "rules[0] (r).check: not_equals: expected a string, integer or boolean, found null");
  ExpectRejected(OneRule("vmpl", R"({"equals": 0.5})"),
                 "rules[0] (r).check: equals: expected a string, integer or boolean, found 0.5");
  ExpectRejected(OneRule("vmpl", R"({"one_of": []})"),
                 "rules[0] (r).check: one_of: expected a non-empty list of strings, integers or "
                 "booleans, found []");
  ExpectRejected(OneRule("vmpl", R"({"one_of": [[1]]})"),
                 "rules[0] (r).check: one_of: expected a non-empty list of strings, integers or "
                 "booleans, found [[1]]");
  ExpectRejected(OneRule("vmpl", R"({"in_reference": ""})"),
                 "rules[0] (r).check: in_reference: expected a reference value name, found \"\"");
  ExpectRejected(OneRule("vmpl", R"({"min": "1"})"),
                 "rules[0] (r).check: min: expected an integer, found \"1\"");
  ExpectRejected(OneRule("vmpl", R"({"max": 1.5})"),
                 "rules[0] (r).check: max: expected an integer, found 1.5");
  ExpectRejected(OneRule("", R"({"reference_values": "some"})"),
                 "rules[0] (r).check: reference_values: expected \"all\", found \"some\"");
}

TEST(AttestationPolicyParse, RejectsMisplacedOrBadAbsentReference) {
  ExpectRejected(OneRule("vmpl", R"({"equals": 0, "absent_reference": "pass"})"),
                 "rules[0] (r).check: absent_reference applies only to in_reference and "
                 "min_reference, not to equals");
  ExpectRejected(
      OneRule("vmpl", R"({"in_reference": "web", "absent_reference": "skip"})"),
      "rules[0] (r).check: absent_reference: expected \"pass\" or \"fail\", found \"skip\"");
}

TEST(AttestationPolicyParse, RejectsBadShapes) {
  ExpectRejected(R"({"rules": []})", "attestation policy: missing \"id\"");
  ExpectRejected(R"({"id": "p"})",
                 "attestation policy: expected \"rules\" to be a list, found nothing");
  ExpectRejected(R"({"id": "p", "rules": {}})",
                 "attestation policy: expected \"rules\" to be a list, found {}");
  ExpectRejected(R"({"id": "p", "rules": ["r"]})", "rules[0]: expected a rule object, found \"r\"");
  ExpectRejected(R"({"id": "p", "rules": [{"check": {"always": true}}]})",
                 "rules[0]: missing \"name\"");
  ExpectRejected(
      R"({"id": "p", "rules": [{"name": "r", "tee": "snp", "check": {"always": true}}]})",
      "rules[0] (r).tee: expected a non-empty list of strings, found \"snp\"");
  ExpectRejected(R"({"id": "p", "rules": [{"name": "r", "tee": ["snp"], "except_tee": ["sample"],
                                            "check": {"always": true}}]})",
                 "rules[0] (r): give either \"tee\" or \"except_tee\", not both");
  ExpectRejected("[1, 2]", "attestation policy: expected an object, found [1,2]");
}

TEST(AttestationPolicyParse, SyntaxErrorsAreMalformed) {
  auto json = ParseAttestationPolicy(R"({"id": "p", "rules": [})");
  ASSERT_FALSE(json);
  EXPECT_EQ(json.error().code, ErrorCode::kMalformed);
  EXPECT_EQ(json.error().ToString().rfind("policy: JSON: [json.exception.parse_error.101]", 0), 0u)
      << json.error().ToString();
  auto yaml = ParseAttestationPolicy("id: p\nrules: [\n");
  ASSERT_FALSE(yaml);
  EXPECT_EQ(yaml.error().code, ErrorCode::kMalformed);
  EXPECT_EQ(yaml.error().ToString().rfind("policy: YAML: yaml-cpp: error at line", 0), 0u)
      << yaml.error().ToString();
  auto duplicate = ParseAttestationPolicy(R"({"id": "p", "id": "q", "rules": []})");
  ASSERT_FALSE(duplicate);
  EXPECT_EQ(duplicate.error().message, "JSON: duplicate key \"id\"");
}

// ---- conditions: true, false and absent claim ----

TEST(AttestationConditions, AlwaysHoldsOrNot) {
  EXPECT_TRUE(Check("", R"({"always": true})").passed);
  const TraceEntry never = Check("", R"({"always": false})");
  EXPECT_FALSE(never.passed);
  EXPECT_EQ(Line(never), "rule r: condition always does not hold");
}

TEST(AttestationConditions, Equals) {
  const TraceEntry debug_off = Check("policy.debug", R"({"equals": false})");
  EXPECT_TRUE(debug_off.passed);
  EXPECT_EQ(Line(debug_off), "rule r: claim snp.policy.debug expected false, found false");
  const TraceEntry debug_on = Check("policy.debug", R"({"equals": true})");
  EXPECT_FALSE(debug_on.passed);
  EXPECT_EQ(Line(debug_on), "rule r: claim snp.policy.debug expected true, found false");
  EXPECT_TRUE(Check("reported_tcb.snp", R"({"equals": 8})").passed);
  EXPECT_TRUE(Check("reported_tcb.snp", R"({"equals": "8"})").passed);  // canonical text
  EXPECT_TRUE(Check("big", R"({"equals": "18446744073709551615"})").passed);
  EXPECT_TRUE(Check("product", R"({"equals": "Milan"})").passed);
  EXPECT_FALSE(Check("product", R"({"equals": "milan"})").passed);  // not hex: exact
  const TraceEntry absent = Check("policy.migrate_ma", R"({"equals": false})");
  EXPECT_FALSE(absent.passed);
  EXPECT_EQ(absent.found, std::nullopt);
  EXPECT_EQ(Line(absent), "rule r: claim snp.policy.migrate_ma is absent, expected false");
  const TraceEntry object = Check("chip", R"({"equals": "aa"})");
  EXPECT_FALSE(object.passed);
  EXPECT_EQ(Line(object),
            "rule r: claim snp.chip expected aa, found an object (expected a string, number or "
            "boolean claim)");
}

TEST(AttestationConditions, EqualsComparesHexCaseInsensitively) {
  EXPECT_TRUE(Check("measurement", R"({"equals": "7a1e5c26"})").passed);
  EXPECT_TRUE(Check("measurement", R"({"equals": "7A1E5C26"})").passed);
  EXPECT_FALSE(Check("measurement", R"({"equals": "7a1e5c27"})").passed);
}

TEST(AttestationConditions, NotEquals) {
  EXPECT_TRUE(Check("vmpl", R"({"not_equals": 1})").passed);
  const TraceEntry same = Check("vmpl", R"({"not_equals": 0})");
  EXPECT_FALSE(same.passed);
  EXPECT_EQ(Line(same), "rule r: claim snp.vmpl expected not 0, found 0");
  EXPECT_EQ(Line(Check("missing", R"({"not_equals": 0})")),
            "rule r: claim snp.missing is absent, expected not 0");
}

TEST(AttestationConditions, OneOf) {
  EXPECT_TRUE(Check("product", R"({"one_of": ["Genoa", "Milan"]})").passed);
  EXPECT_TRUE(Check("vmpl", R"({"one_of": [0, 1]})").passed);
  const TraceEntry other = Check("product", R"({"one_of": ["Genoa", "Turin"]})");
  EXPECT_FALSE(other.passed);
  EXPECT_EQ(Line(other), "rule r: claim snp.product expected one of [Genoa, Turin], found Milan");
  EXPECT_FALSE(Check("missing", R"({"one_of": [1]})").passed);
}

TEST(AttestationConditions, MinAndMax) {
  EXPECT_TRUE(Check("reported_tcb.snp", R"({"min": 8})").passed);
  const TraceEntry low = Check("reported_tcb.snp", R"({"min": 9})");
  EXPECT_FALSE(low.passed);
  EXPECT_EQ(Line(low), "rule r: claim snp.reported_tcb.snp expected at least 9, found 8");
  EXPECT_TRUE(Check("vmpl", R"({"max": 0})").passed);
  EXPECT_EQ(Line(Check("guest_svn", R"({"max": 3})")),
            "rule r: claim snp.guest_svn expected at most 3, found 4");
  EXPECT_TRUE(Check("neg", R"({"min": -5})").passed);
  EXPECT_FALSE(Check("neg", R"({"min": -4})").passed);
  EXPECT_TRUE(Check("big", R"({"min": 9223372036854775807})").passed);
  EXPECT_FALSE(Check("big", R"({"max": -1})").passed);
  // Bounds beyond int64 keep their value once parsed.
  EXPECT_TRUE(Check("big", R"({"min": 18446744073709551615})").passed);
  EXPECT_EQ(Line(Check("big", R"({"max": 18446744073709551614})")),
            "rule r: claim snp.big expected at most 18446744073709551614, found "
            "18446744073709551615");
  const TraceEntry text = Check("product", R"({"min": 1})");
  EXPECT_FALSE(text.passed);
  EXPECT_EQ(Line(text),
            "rule r: claim snp.product expected at least 1, found Milan (expected an integer "
            "claim, found a string)");
  EXPECT_EQ(Line(Check("missing", R"({"max": 1})")),
            "rule r: claim snp.missing is absent, expected at most 1");
}

TEST(AttestationConditions, Exists) {
  EXPECT_TRUE(Check("policy.smt", R"({"exists": true})").passed);
  EXPECT_TRUE(Check("chip", R"({"exists": true})").passed);
  const TraceEntry absent = Check("policy.nope", R"({"exists": true})");
  EXPECT_FALSE(absent.passed);
  EXPECT_EQ(Line(absent), "rule r: claim snp.policy.nope is absent, expected present");
  EXPECT_TRUE(Check("policy.nope", R"({"exists": false})").passed);
  const TraceEntry present = Check("vmpl", R"({"exists": false})");
  EXPECT_FALSE(present.passed);
  EXPECT_EQ(Line(present), "rule r: claim snp.vmpl expected absent, found 0");
}

TEST(AttestationConditions, InReference) {
  const ReferenceValueSet refs = References(R"([{"name": "web", "values": ["00ff", "7a1e5c26"]},
                                                {"name": "svns", "values": [3, 4]}])");
  EXPECT_TRUE(Check("measurement", R"({"in_reference": "web"})", refs).passed);  // hex, any case
  EXPECT_TRUE(Check("guest_svn", R"({"in_reference": "svns"})", refs).passed);
  const TraceEntry mismatch = Check("host_data", R"({"in_reference": "web"})", refs);
  EXPECT_FALSE(mismatch.passed);
  EXPECT_EQ(Line(mismatch),
            "rule r: claim snp.host_data expected one of reference values web [00ff, 7a1e5c26], "
            "found 00");
  EXPECT_EQ(Line(Check("missing", R"({"in_reference": "web"})", refs)),
            "rule r: claim snp.missing is absent, expected one of reference values web");
}

TEST(AttestationConditions, InReferenceWithoutReferenceValuesFollowsAbsentReference) {
  const TraceEntry fails = Check("measurement", R"({"in_reference": "web"})");
  EXPECT_FALSE(fails.passed);
  EXPECT_EQ(Line(fails),
            "rule r: claim snp.measurement expected a reference value named web, found 7A1E5C26 "
            "(no reference value is named web; absent_reference: fail)");
  EXPECT_FALSE(
      Check("measurement", R"({"in_reference": "web", "absent_reference": "fail"})").passed);
  const TraceEntry passes =
      Check("measurement", R"({"in_reference": "web", "absent_reference": "pass"})");
  EXPECT_TRUE(passes.passed);
  EXPECT_EQ(passes.note, "no reference value is named web; absent_reference: pass");
  // A missing claim fails even when the reference is absent and absent_reference is pass.
  EXPECT_FALSE(Check("missing", R"({"in_reference": "web", "absent_reference": "pass"})").passed);
}

TEST(AttestationConditions, ExpiredReferenceValuesAreIgnoredAndTraced) {
  const ReferenceValueSet refs = References(R"([
      {"name": "web", "values": ["7a1e5c26"], "expires": "2026-01-01T00:00:00Z"},
      {"name": "web", "values": ["1111"], "expires": "2027-01-01T00:00:00Z"}])");
  const TraceEntry expired = Check("measurement", R"({"in_reference": "web"})", refs);
  EXPECT_FALSE(expired.passed);
  EXPECT_EQ(
      Line(expired),
      "rule r: claim snp.measurement expected one of reference values web [1111], found 7A1E5C26 "
      "(ignored reference values web that expired at 2026-01-01T00:00:00Z)");
  // An expired name does not turn into an absent one: absent_reference: pass does not apply.
  const ReferenceValueSet only_expired =
      References(R"([{"name": "web", "values": ["7a1e5c26"], "expires": "2025-12-31T00:00:00Z"}])");
  const TraceEntry all_expired =
      Check("measurement", R"({"in_reference": "web", "absent_reference": "pass"})", only_expired);
  EXPECT_FALSE(all_expired.passed);
  EXPECT_EQ(all_expired.note,
            "every reference value named web has expired; ignored reference values web that "
            "expired at 2025-12-31T00:00:00Z");
}

TEST(AttestationConditions, ReferenceValuesAllChecksEveryNamedClaimOfTheTee) {
  const std::string policy = OneRule("", R"({"reference_values": "all"})");
  const Appraisal none = Appraise(policy);
  ASSERT_EQ(none.trace.size(), 1u);
  EXPECT_TRUE(none.trace[0].passed);
  EXPECT_EQ(Line(none.trace[0]),
            "rule r: condition reference_values all holds (no reference values are named snp.*)");

  const ReferenceValueSet refs = References(R"([
      {"name": "snp.measurement", "values": ["7a1e5c26"]}, {"name": "snp.reported_tcb.snp", "values": [8, 9]},
      {"name": "tpm.ak", "values": ["ff"]}, {"name": "web", "values": ["00"]}])");
  const Appraisal matching = Appraise(policy, kSnpClaims, refs);
  ASSERT_EQ(matching.trace.size(), 2u);  // tpm.* and free names are not snp claims
  EXPECT_EQ(matching.trace[0].claim, "snp.measurement");
  EXPECT_EQ(matching.trace[1].claim, "snp.reported_tcb.snp");
  EXPECT_EQ(matching.status, ArStatus::kAffirming);

  const ReferenceValueSet wrong = References(R"([
      {"name": "snp.measurement", "values": ["0000"]}, {"name": "snp.reported_tcb.snp", "values": [8]},
      {"name": "snp.id_block", "values": ["00"]}])");
  const Appraisal failing = Appraise(policy, kSnpClaims, wrong);
  EXPECT_EQ(failing.status, ArStatus::kContraindicated);
  EXPECT_EQ(DenialReasons(failing),
            std::vector<std::string>{
                "rule r: claim snp.id_block is absent, expected one of reference values "
                "snp.id_block; claim snp.measurement expected one of reference values "
                "snp.measurement [0000], found 7A1E5C26"});
}

TEST(AttestationConditions, OnlyTheEntriesThatDecidedARuleShowItsEffect) {
  // reported_tcb.snp passes and measurement fails: the rule fails, and its effect is shown on the
  // failing entry only, never as "pass ... -> configuration=97".
  const ReferenceValueSet refs = References(R"([
      {"name": "snp.measurement", "values": ["0000"]}, {"name": "snp.reported_tcb.snp", "values": [8]}])");
  const Appraisal failed =
      Appraise(OneRule("", R"({"reference_values": "all"})"), kSnpClaims, refs);
  ASSERT_EQ(failed.trace.size(), 2u);
  EXPECT_FALSE(failed.trace[0].passed);
  EXPECT_EQ(failed.trace[0].effect, "configuration=97");
  EXPECT_TRUE(failed.trace[1].passed);
  EXPECT_EQ(failed.trace[1].effect, "");
  EXPECT_EQ(Line(failed.trace[1]).find("->"), std::string::npos) << Line(failed.trace[1]);
}

// ---- tee filters ----

TEST(AttestationTeeFilter, RulesForOtherTeesAreSkippedAndTraced) {
  const std::string policy = R"(
id: p
rules:
  - name: snp-only
    tee: [snp, tdx]
    claim: vmpl
    check: {equals: 0}
    pass: {configuration: 2}
  - name: not-sample
    except_tee: [sample]
    check: {always: true}
    pass: {hardware: 2}
)";
  const Appraisal snp = Appraise(policy);
  ASSERT_EQ(snp.trace.size(), 2u);
  EXPECT_FALSE(snp.trace[0].skipped);
  EXPECT_FALSE(snp.trace[1].skipped);
  EXPECT_EQ(snp.vector.Get(Ar4siComponent::kConfiguration), 2);
  EXPECT_EQ(snp.vector.Get(Ar4siComponent::kHardware), 2);

  const Appraisal sample = Appraise(policy, Json::parse(R"({"insecure": true})"), {}, "sample");
  ASSERT_EQ(sample.trace.size(), 2u);
  EXPECT_TRUE(sample.trace[0].skipped);
  EXPECT_EQ(Line(sample.trace[0]), "rule snp-only: skipped (tee sample not in [snp, tdx])");
  EXPECT_EQ(Line(sample.trace[1]),
            "rule not-sample: skipped (tee sample excluded by except_tee [sample])");
  EXPECT_EQ(sample.vector, TrustVector());
  EXPECT_EQ(sample.status, ArStatus::kNone);
  EXPECT_TRUE(DenialReasons(sample).empty());
}

// ---- aggregation and status tiers ----

Appraisal RunVector(const std::string& rules) {
  return Appraise(R"({"id": "agg", "rules": [)" + rules + "]}");
}

TEST(AttestationAggregation, MostSevereValuePerComponentWins) {
  const Appraisal appraisal = RunVector(R"(
      {"name": "a", "check": {"always": true}, "pass": {"executables": 2, "hardware": 2}},
      {"name": "b", "check": {"always": true}, "pass": {"executables": 33}},
      {"name": "c", "check": {"always": false}, "fail": {"executables": 3, "hardware": 0}})");
  EXPECT_EQ(appraisal.vector.Get(Ar4siComponent::kExecutables), 33);
  EXPECT_EQ(appraisal.vector.Get(Ar4siComponent::kHardware), 2);
  EXPECT_EQ(appraisal.status, ArStatus::kWarning);
  EXPECT_EQ(appraisal.trace[2].effect, "executables=3, hardware=0");
  EXPECT_EQ(DenialReasons(appraisal),
            std::vector<std::string>{"rule c: condition always does not hold"});
}

TEST(AttestationAggregation, StatusTiersIncludingNegativeValues) {
  EXPECT_EQ(RunVector(R"({"name": "a", "check": {"always": true}})").status, ArStatus::kNone);
  EXPECT_EQ(
      RunVector(R"({"name": "a", "check": {"always": true}, "pass": {"hardware": 1}})").status,
      ArStatus::kNone);
  EXPECT_EQ(
      RunVector(R"({"name": "a", "check": {"always": true}, "pass": {"hardware": -2}})").status,
      ArStatus::kAffirming);
  EXPECT_EQ(
      RunVector(R"({"name": "a", "check": {"always": true}, "pass": {"hardware": -32}})").status,
      ArStatus::kAffirming);
  EXPECT_EQ(
      RunVector(
          R"({"name": "a", "check": {"always": true}, "pass": {"hardware": -33, "executables": 2}})")
          .status,
      ArStatus::kWarning);
  EXPECT_EQ(
      RunVector(R"({"name": "a", "check": {"always": true}, "pass": {"hardware": 95}})").status,
      ArStatus::kWarning);
  EXPECT_EQ(
      RunVector(
          R"({"name": "a", "check": {"always": true}, "pass": {"hardware": -97, "executables": 40}})")
          .status,
      ArStatus::kContraindicated);
  EXPECT_EQ(
      RunVector(R"({"name": "a", "check": {"always": true}, "pass": {"sourced-data": 96}})").status,
      ArStatus::kContraindicated);
}

TEST(AttestationAggregation, AffirmingNeverMasksAContraindication) {
  const Appraisal appraisal = RunVector(R"(
      {"name": "bad", "check": {"always": true}, "pass": {"configuration": 97}},
      {"name": "good", "check": {"always": true}, "pass": {"configuration": 2}})");
  EXPECT_EQ(appraisal.vector.Get(Ar4siComponent::kConfiguration), 97);
  EXPECT_EQ(appraisal.status, ArStatus::kContraindicated);
}

// ---- JSON and YAML, verified and recorded claims ----

TEST(AttestationPolicyDocument, YamlAndJsonGiveTheSameResult) {
  const std::string yaml = R"(
id: same
rules:
  - name: no-debug
    tee: [snp]
    claim: policy.debug
    check: {equals: false}
    pass: {configuration: 2}
    fail: {configuration: 97}
  - name: tcb
    claim: reported_tcb.snp
    check:
      min: 9
    fail:
      hardware: 33
  - name: web
    claim: measurement
    check: {in_reference: web, absent_reference: pass}
    pass: {executables: 2}
)";
  const std::string json = R"({"id": "same", "rules": [
    {"name": "no-debug", "tee": ["snp"], "claim": "policy.debug", "check": {"equals": false},
     "pass": {"configuration": 2}, "fail": {"configuration": 97}},
    {"name": "tcb", "claim": "reported_tcb.snp", "check": {"min": 9}, "fail": {"hardware": 33}},
    {"name": "web", "claim": "measurement", "check": {"in_reference": "web", "absent_reference": "pass"},
     "pass": {"executables": 2}}]})";
  const Appraisal from_yaml = Appraise(yaml);
  const Appraisal from_json = Appraise(json);
  EXPECT_EQ(AppraisalToJson(from_yaml), AppraisalToJson(from_json));
  EXPECT_EQ(from_yaml.status, ArStatus::kWarning);
  EXPECT_EQ(DenialReasons(from_yaml),
            std::vector<std::string>{
                "rule tcb: claim snp.reported_tcb.snp expected at least 9, found 8"});
}

TEST(AttestationPolicyEvaluation, VerifiedAndRecordedClaimsGoThroughTheSameRules) {
  const AttestationPolicy policy = Parse(OneRule("policy.debug", R"({"equals": false})"));
  const appraisal::VerifiedClaims verified =
      veil::testing::UncheckedClaimsForTest("snp", kSnpClaims);
  const Appraisal from_verified = EvaluateAttestationPolicy(policy, verified, {}, kNow);
  const Appraisal from_file = EvaluateRecordedClaims(policy, "snp", kSnpClaims, {}, kNow);
  EXPECT_TRUE(from_verified.claims_verified);
  EXPECT_FALSE(from_file.claims_verified);
  Json verified_json = AppraisalToJson(from_verified);
  Json file_json = AppraisalToJson(from_file);
  EXPECT_EQ(verified_json["claims_verified"], true);
  verified_json.erase("claims_verified");
  file_json.erase("claims_verified");
  EXPECT_EQ(verified_json, file_json);
}

TEST(AttestationPolicyEvaluation, AppraisalJsonCarriesStatusVectorAndTrace) {
  const Appraisal appraisal = Appraise(OneRule("policy.debug", R"({"equals": true})"));
  const Json json = AppraisalToJson(appraisal);
  EXPECT_EQ(json["policy_id"], "t");
  EXPECT_EQ(json["tee"], "snp");
  EXPECT_EQ(json["status"], "contraindicated");
  EXPECT_EQ(json["trust_vector"]["configuration"], 97);
  ASSERT_EQ(json["trace"].size(), 1u);
  EXPECT_EQ(json["trace"][0],
            Json::parse(R"({"rule": "r", "claim": "snp.policy.debug", "condition": "equals",
      "expected": "true", "found": "false", "passed": false, "skipped": false, "overruled": false, "note": "",
      "effect": "configuration=97"})"));
}

TEST(AttestationPolicyEvaluation, NonObjectClaimsAreAbsentClaims) {
  const Appraisal appraisal = EvaluateRecordedClaims(Parse(OneRule("vmpl", R"({"equals": 0})")),
                                                     "snp", Json::array(), {}, kNow);
  EXPECT_EQ(appraisal.status, ArStatus::kContraindicated);
  EXPECT_EQ(DenialReasons(appraisal),
            std::vector<std::string>{"rule r: claim snp.vmpl is absent, expected 0"});
}

// ---- min_reference, except and any_of ----

TEST(AttestationPolicyParse, RejectsMisplacedOrBadExceptAndAnyOf) {
  ExpectRejected(OneRule("vmpl", R"({"equals": 0, "except": ["snp.vmpl"]})"),
                 "rules[0] (r).check: except applies only to reference_values, not to equals");
  ExpectRejected(OneRule("", R"({"reference_values": "all", "except": []})"),
                 "rules[0] (r).check: except: expected a non-empty list of reference value "
                 "names, found []");
  ExpectRejected(OneRule("", R"({"reference_values": "all", "except": ["snp.vmpl", 3]})"),
                 "rules[0] (r).check: except: expected a non-empty list of reference value "
                 "names, found [\"snp.vmpl\",3]");
  ExpectRejected(OneRule("", R"({"min_reference": "svn_min"})"),
                 "rules[0] (r).check: condition min_reference needs a \"claim\"");
  const std::string all_of = R"([{"all_of": [{"claim": "vmpl", "equals": 0}]}])";
  ExpectRejected(R"({"id": "p", "rules": [{"name": "r", "check": {"always": true}, "any_of": )" +
                     all_of + "}]}",
                 "rules[0] (r): give either \"check\" or \"any_of\", not both");
  ExpectRejected(
      R"({"id": "p", "rules": [{"name": "r", "claim": "vmpl", "any_of": )" + all_of + "}]}",
      "rules[0] (r): \"claim\" goes inside each condition of \"any_of\", not beside it");
  ExpectRejected(R"({"id": "p", "rules": [{"name": "r", "any_of": []}]})",
                 "rules[0] (r).any_of: expected a non-empty list of alternatives, found []");
  ExpectRejected(R"({"id": "p", "rules": [{"name": "r", "any_of": [{"all": []}]}]})",
                 "rules[0] (r).any_of[0]: unknown key \"all\"; expected one of all_of");
  ExpectRejected(R"({"id": "p", "rules": [{"name": "r", "any_of": [{"all_of": []}]}]})",
                 "rules[0] (r).any_of[0].all_of: expected a non-empty list of conditions, "
                 "found []");
  ExpectRejected(
      R"({"id": "p", "rules": [{"name": "r", "any_of": [{"all_of": [{"equals": 0}]}]}]})",
      "rules[0] (r).any_of[0].all_of[0]: condition equals needs a \"claim\"");
}

TEST(AttestationConditions, MinReferenceComparesWithTheLowestValue) {
  const ReferenceValueSet refs = References(R"([{"name": "svn_min", "values": [5, 3]},
                                                {"name": "high", "values": [5]},
                                                {"name": "web", "values": ["00ff"]}])");
  EXPECT_TRUE(Check("guest_svn", R"({"min_reference": "svn_min"})", refs).passed);  // 4 >= 3
  const TraceEntry below = Check("guest_svn", R"({"min_reference": "high"})", refs);
  EXPECT_FALSE(below.passed);
  EXPECT_EQ(Line(below),
            "rule r: claim snp.guest_svn expected at least the lowest of reference values high "
            "[5], found 4");
  const TraceEntry not_integer = Check("guest_svn", R"({"min_reference": "web"})", refs);
  EXPECT_FALSE(not_integer.passed);
  EXPECT_EQ(not_integer.note, "reference value 00ff is not an integer");
  const TraceEntry string_claim = Check("product", R"({"min_reference": "svn_min"})", refs);
  EXPECT_FALSE(string_claim.passed);
  EXPECT_EQ(string_claim.note, "expected an integer claim, found a string");
  EXPECT_EQ(Line(Check("missing", R"({"min_reference": "svn_min"})", refs)),
            "rule r: claim snp.missing is absent, expected at least the lowest of reference "
            "values svn_min");
}

TEST(AttestationConditions, MinReferenceWithoutReferenceValuesFollowsAbsentReference) {
  for (const std::string outcome : {"fail", "pass"}) {
    const TraceEntry entry = Check(
        "guest_svn", R"({"min_reference": "svn_min", "absent_reference": ")" + outcome + "\"}");
    EXPECT_EQ(entry.passed, outcome == "pass");
    EXPECT_EQ(entry.missing_reference, "svn_min");
    EXPECT_EQ(Line(entry),
              "rule r: claim snp.guest_svn expected a reference value named svn_min, found 4 (no "
              "reference value is named svn_min; absent_reference: " +
                  outcome + ")");
  }
  // The default is fail; a name whose every entry expired is not absent.
  EXPECT_FALSE(Check("guest_svn", R"({"min_reference": "svn_min"})").passed);
  const ReferenceValueSet expired =
      References(R"([{"name": "svn_min", "values": [1], "expires": "2025-12-31T00:00:00Z"}])");
  EXPECT_FALSE(
      Check("guest_svn", R"({"min_reference": "svn_min", "absent_reference": "pass"})", expired)
          .passed);
}

TEST(AttestationConditions, ReferenceValuesLeavesTheExceptedNames) {
  const ReferenceValueSet refs = References(R"([{"name": "snp.measurement", "values": ["00"]},
                                                {"name": "snp.vmpl", "values": [0]}])");
  const Appraisal appraisal =
      Appraise(OneRule("", R"({"reference_values": "all", "except": ["snp.measurement"]})"),
               kSnpClaims, refs);
  ASSERT_EQ(appraisal.trace.size(), 1u);
  EXPECT_EQ(appraisal.trace[0].claim, "snp.vmpl");
  EXPECT_TRUE(appraisal.trace[0].passed);
  EXPECT_EQ(appraisal.status, ArStatus::kAffirming);
  const Appraisal none_left =
      Appraise(OneRule("", R"({"reference_values": "all", "except": ["snp.measurement"]})"),
               kSnpClaims, References(R"([{"name": "snp.measurement", "values": ["00"]}])"));
  ASSERT_EQ(none_left.trace.size(), 1u);
  EXPECT_TRUE(none_left.trace[0].passed);
  EXPECT_EQ(none_left.trace[0].note, "no reference values are named snp.* but those excepted");
}

// Alternative 1: the measurement is in `web`; alternative 2: vmpl is 0 and guest_svn at least
// `min_svn` (the claims' guest_svn is 4).
std::string AnyOfPolicy(int min_svn) {
  return R"({"id": "t", "rules": [{"name": "r", "any_of": [
      {"all_of": [{"claim": "measurement", "in_reference": "web"}]},
      {"all_of": [{"claim": "vmpl", "equals": 0}, {"claim": "guest_svn", "min": )" +
         std::to_string(min_svn) + R"(}]}],
      "pass": {"configuration": 2}, "fail": {"configuration": 97}}]})";
}

TEST(AttestationPolicyEvaluation, AnyOfHoldsWhenEveryConditionOfOneAlternativeHolds) {
  // The first alternative holds; the second's failed condition is overruled.
  const Appraisal first = Appraise(AnyOfPolicy(5), kSnpClaims,
                                   References(R"([{"name": "web", "values": ["7a1e5c26"]}])"));
  EXPECT_EQ(first.status, ArStatus::kAffirming);
  EXPECT_TRUE(DenialReasons(first).empty());
  ASSERT_EQ(first.trace.size(), 3u);
  EXPECT_TRUE(first.trace[0].passed);
  EXPECT_EQ(first.trace[0].effect, "configuration=2");
  EXPECT_TRUE(first.trace[1].passed);
  EXPECT_FALSE(first.trace[2].passed);
  EXPECT_TRUE(first.trace[2].overruled);
  EXPECT_EQ(first.trace[2].note, "any_of alternative 2 does not hold, alternative 1 does");
  EXPECT_EQ(first.trace[2].effect, "");
  EXPECT_EQ(TraceEntryToJson(first.trace[2])["overruled"], true);
  // The second alternative holds; the first's failure (no reference value) is overruled and gives
  // no enrolment hint.
  const Appraisal second = Appraise(AnyOfPolicy(4));
  EXPECT_EQ(second.status, ArStatus::kAffirming);
  EXPECT_TRUE(DenialReasons(second).empty());
  ASSERT_EQ(second.trace.size(), 3u);
  EXPECT_TRUE(second.trace[0].overruled);
  EXPECT_EQ(second.trace[0].note,
            "no reference value is named web; absent_reference: fail; any_of alternative 1 does "
            "not hold, alternative 2 does");
}

TEST(AttestationPolicyEvaluation, AnyOfFailsNamingTheFailedConditionsOfEveryAlternative) {
  const Appraisal appraisal = Appraise(AnyOfPolicy(5));
  EXPECT_EQ(appraisal.status, ArStatus::kContraindicated);
  for (const TraceEntry& entry : appraisal.trace) EXPECT_FALSE(entry.overruled);
  EXPECT_EQ(DenialReasons(appraisal),
            std::vector<std::string>{
                "rule r: claim snp.measurement expected a reference value named web, found "
                "7A1E5C26 (no reference value is named web; absent_reference: fail); claim "
                "snp.guest_svn expected at least 5, found 4"});
}

}  // namespace
}  // namespace veil::policy
