// CoCo's SNP claim names (trustee deps/verifier/src/snp/mod.rs, parse_tee_evidence) over real
// reports verified by Veil's SNP verifier, and CoCo's ear_default_policy_cpu.rego (byte-identical
// fixture) deciding on them. Every expected value is read off the report's bytes at its offset in
// SEV-SNP ABI rev 1.58 (pub. 56860), ATTESTATION_REPORT: 0x008 POLICY (u64 LE), 0x040
// PLATFORM_INFO (u64 LE), 0x090 MEASUREMENT (48), 0x0C0 HOST_DATA (32), 0x180 REPORTED_TCB
// (Milan: [0] BOOT_LOADER, [1] TEE, [6] SNP, [7] MICROCODE), 0x1A0 CHIP_ID (64); and cross-checked
// with the values shared/fixtures/snp/README.md lists.
#include "veil/policy/coco/coco_snp_claims.h"

#include <gtest/gtest.h>

#include "veil/appraisal/snp/verify_report.h"
#include "veil/base/hex.h"
#include "veil/base/rfc3339.h"
#include "veil/policy/coco/rego_attestation_policy.h"
#include "veil/testing/fixtures.h"

namespace veil::policy::coco {
namespace {

using nlohmann::json;

struct Fixture {
  const char* report;
  const char* vcek;
};

// CoCo's own verifier test report (trustee test-report.bin), go-sev-guest's (DEBUG=1) and virtee's.
constexpr Fixture kTrustee{"snp/milan-trustee-report.bin", "snp/milan-trustee-vcek.der"};
constexpr Fixture kGoSevGuest{"snp/milan-gsg-report.bin", "snp/milan-gsg-vcek.der"};
constexpr Fixture kVirtee{"snp/milan-virtee-report.bin", "snp/milan-virtee-vcek.der"};

appraisal::VerifiedClaims Verify(const Fixture& fixture) {
  const Bytes report = testing::ReadFixture(fixture.report);
  const auto vcek = crypto::Certificate::FromDer(testing::ReadFixture(fixture.vcek)).value();
  const FixedClock today(ParseRfc3339("2026-11-23T00:00:00Z").value());  // every VCEK valid
  auto claims = appraisal::snp::VerifyReport({report, vcek, std::nullopt, std::nullopt, today});
  EXPECT_TRUE(claims) << claims.error().ToString();
  return std::move(claims).value();
}

std::uint64_t U64Le(const Bytes& bytes, std::size_t offset) {
  std::uint64_t value = 0;
  for (std::size_t i = 0; i < 8; ++i) value |= std::uint64_t{bytes.at(offset + i)} << (8 * i);
  return value;
}

bool Bit(std::uint64_t value, int bit) { return ((value >> bit) & 1U) != 0; }

std::string HexAt(const Bytes& bytes, std::size_t offset, std::size_t size) {
  return HexEncode(ByteSpan(bytes).subspan(offset, size));
}

const CocoRuntimeClaims kRuntime{"00", {{"nonce", "n"}}, nullptr, nullptr};

json CocoSnpInput(const Fixture& fixture) {
  const appraisal::VerifiedClaims claims = Verify(fixture);
  return CocoAttestationInput("snp", claims.claims(), kRuntime);
}

void ExpectNumber(const json& snp, const char* name, std::uint64_t expected) {
  ASSERT_TRUE(snp.contains(name)) << name;
  EXPECT_TRUE(snp[name].is_number_unsigned()) << name << " is " << snp[name].type_name();
  EXPECT_EQ(snp[name].get<std::uint64_t>(), expected) << name;
}

void ExpectBoolean(const json& snp, const char* name, bool expected) {
  ASSERT_TRUE(snp.contains(name)) << name;
  EXPECT_TRUE(snp[name].is_boolean()) << name << " is " << snp[name].type_name();
  EXPECT_EQ(snp[name], expected) << name;
}

void ExpectLowerHex(const json& snp, const char* name, const std::string& expected) {
  ASSERT_TRUE(snp.contains(name)) << name;
  ASSERT_TRUE(snp[name].is_string()) << name << " is " << snp[name].type_name();
  EXPECT_EQ(snp[name], expected) << name;
  EXPECT_EQ(snp[name].get<std::string>().find_first_not_of("0123456789abcdef"), std::string::npos);
}

// Each CoCo name against the bytes it is decoded from: the guest policy's bit ranges and bits
// (sev GuestPolicy: ABI_MINOR 7:0, ABI_MAJOR 15:8 as numbers; SMT 16, MIGRATE_MA 18, DEBUG 19,
// SINGLE_SOCKET 20 as booleans), PLATFORM_INFO's SMT_EN (bit 0) and TSME_EN (bit 1) as booleans,
// REPORTED_TCB's bytes as numbers, MEASUREMENT and CHIP_ID as lower-case hex (hex::encode).
void ExpectCocoNamesMatchBytes(const Fixture& fixture) {
  SCOPED_TRACE(fixture.report);
  const Bytes report = testing::ReadFixture(fixture.report);
  const json input = CocoSnpInput(fixture);
  const json& snp = input["snp"];
  const std::uint64_t policy = U64Le(report, 0x008);
  ExpectNumber(snp, "policy_abi_minor", policy & 0xFFU);
  ExpectNumber(snp, "policy_abi_major", (policy >> 8) & 0xFFU);
  ExpectBoolean(snp, "policy_smt_allowed", Bit(policy, 16));
  ExpectBoolean(snp, "policy_migrate_ma", Bit(policy, 18));
  ExpectBoolean(snp, "policy_debug_allowed", Bit(policy, 19));
  ExpectBoolean(snp, "policy_single_socket", Bit(policy, 20));
  ExpectNumber(snp, "reported_tcb_bootloader", report.at(0x180));
  ExpectNumber(snp, "reported_tcb_tee", report.at(0x181));
  ExpectNumber(snp, "reported_tcb_snp", report.at(0x186));
  ExpectNumber(snp, "reported_tcb_microcode", report.at(0x187));
  const std::uint64_t platform_info = U64Le(report, 0x040);
  ExpectBoolean(snp, "platform_smt_enabled", Bit(platform_info, 0));
  ExpectBoolean(snp, "platform_tsme_enabled", Bit(platform_info, 1));
  ExpectLowerHex(snp, "measurement", HexAt(report, 0x090, 48));
  ExpectLowerHex(snp, "chip_id", HexAt(report, 0x1A0, 64));
  // transform_claims lifts init_data (HOST_DATA) to the top; without init-data its claims are null.
  EXPECT_FALSE(snp.contains("init_data"));
  ExpectLowerHex(input, "init_data", HexAt(report, 0x0C0, 32));
  EXPECT_TRUE(input.contains("init_data_claims"));
  EXPECT_TRUE(input["init_data_claims"].is_null());
  // Veil's own names stay.
  EXPECT_EQ(snp["policy"]["debug"], Bit(policy, 19));
  EXPECT_EQ(snp["reported_tcb"]["microcode"], report.at(0x187));
}

TEST(CocoSnpClaims, RealReportsGetCocosNamesWithCocosTypes) {
  ExpectCocoNamesMatchBytes(kTrustee);
  ExpectCocoNamesMatchBytes(kGoSevGuest);
  ExpectCocoNamesMatchBytes(kVirtee);
}

// The README's values for CoCo's own test report: POLICY 0x3001f (ABI 0.31, SMT, DEBUG=0),
// PLATFORM_INFO 0x1, REPORTED_TCB 0x7308000000000003 (BL 3, TEE 0, SNP 8, ucode 115).
TEST(CocoSnpClaims, TrusteeTestReportHasTheValuesItsReadmeLists) {
  const json snp = CocoSnpInput(kTrustee)["snp"];
  EXPECT_EQ(snp["policy_abi_major"], 0);
  EXPECT_EQ(snp["policy_abi_minor"], 31);
  EXPECT_EQ(snp["policy_smt_allowed"], true);
  EXPECT_EQ(snp["policy_migrate_ma"], false);
  EXPECT_EQ(snp["policy_debug_allowed"], false);
  EXPECT_EQ(snp["policy_single_socket"], false);
  EXPECT_EQ(snp["platform_smt_enabled"], true);
  EXPECT_EQ(snp["platform_tsme_enabled"], false);
  EXPECT_EQ(snp["reported_tcb_bootloader"], 3);
  EXPECT_EQ(snp["reported_tcb_tee"], 0);
  EXPECT_EQ(snp["reported_tcb_snp"], 8);
  EXPECT_EQ(snp["reported_tcb_microcode"], 115);
  EXPECT_EQ(snp["measurement"],
            "a1f3930413247bb38cfc171579ea3c12d5fe4901f0c792f63fd75d98f1ef827c23500644e0e692e6be917f"
            "9050d3d38c");
  EXPECT_EQ(snp["chip_id"].get<std::string>().substr(0, 16), "c38427a30d4c7af9");
}

// Recorded claims of another shape get no invented CoCo claim.
TEST(CocoSnpClaims, MissingOrMistypedVeilClaimsAddNothing) {
  const json claims = WithCocoSnpNames({{"policy", {{"debug", "yes"}, {"abi_major", 1}}}});
  EXPECT_FALSE(claims.contains("policy_debug_allowed"));
  EXPECT_EQ(claims["policy_abi_major"], 1);
  EXPECT_FALSE(claims.contains("reported_tcb_microcode"));
  EXPECT_EQ(WithCocoSnpNames(json::array()), json::array());
  EXPECT_TRUE(CocoSnpInitData({{"measurement", "00"}}).is_null());
}

RegoAttestationPolicy EarCpuPolicy() {
  const Bytes text = testing::ReadFixture("rego/trustee/as-ear_default_policy_cpu.rego");
  auto policy = CompileRegoAttestationPolicy(std::string(text.begin(), text.end()), "default");
  EXPECT_TRUE(policy) << policy.error().ToString();
  return *policy;
}

const TimePoint kNow = ParseRfc3339("2026-11-23T00:00:00Z").value();

ReferenceValueSet References(std::vector<ReferenceValue> values) {
  ReferenceValueSet set;
  for (auto& value : values) EXPECT_TRUE(set.Add(std::move(value)));
  return set;
}

Appraisal AppraiseSnp(const Fixture& fixture, const ReferenceValueSet& references) {
  auto appraisal = AppraiseWithRego(EarCpuPolicy(), Verify(fixture), kRuntime, references, kNow);
  EXPECT_TRUE(appraisal) << appraisal.error().ToString();
  return std::move(appraisal).value();
}

std::string Measurement(const Fixture& fixture) {
  return HexAt(testing::ReadFixture(fixture.report), 0x090, 48);
}

// The policy's SNP section on CoCo's test report, its measurement enrolled as
// snp_launch_measurement and the TCB values enrolled as strings (as an RVPS message with
// `"snp_bootloader": ["3"]` registers them):
//   executables 3: input.snp.measurement in query_reference_value("snp_launch_measurement").
//   hardware 97 (its default): reported_tcb_* are numbers and the enrolled values strings, so
//     `3 in ["3"]` does not hold, in Rego as in CoCo.
//   configuration 3: the first body needs platform_smt_enabled == query_reference_value(...) and
//     the like, which are not enrolled (null), so it does not hold; the else body holds,
//     policy_debug_allowed and policy_migrate_ma being false.
//   status: hardware 97 is contraindicated (96..127).
TEST(CocoSnpClaimsWithEarCpuPolicy, TrusteeReportWithItsMeasurementEnrolled) {
  const Appraisal appraisal =
      AppraiseSnp(kTrustee, References({{"snp_launch_measurement", {Measurement(kTrustee)}, {}, ""},
                                        {"snp_bootloader", {"3"}, {}, ""},
                                        {"snp_microcode", {"115"}, {}, ""},
                                        {"snp_snp_svn", {"8"}, {}, ""},
                                        {"snp_tee_svn", {"0"}, {}, ""}}));
  EXPECT_EQ(appraisal.vector.Get(Ar4siComponent::kExecutables), 3);
  EXPECT_EQ(appraisal.vector.Get(Ar4siComponent::kHardware), 97);
  EXPECT_EQ(appraisal.vector.Get(Ar4siComponent::kConfiguration), 3);
  EXPECT_EQ(appraisal.status, ArStatus::kContraindicated);
}

ReferenceValue Typed(std::string name, std::uint64_t number) {
  ReferenceValue value{std::move(name), {}, {}, "test"};
  value.Add(std::to_string(number), ReferenceValueKind::kInteger);
  return value;
}

ReferenceValue Scalar(std::string name, std::uint64_t number) {
  ReferenceValue value = Typed(std::move(name), number);
  value.scalar = true;
  return value;
}

ReferenceValue Scalar(std::string name, bool flag) {
  ReferenceValue value{std::move(name), {}, {}, "test"};
  value.Add(flag ? "true" : "false", ReferenceValueKind::kBoolean);
  value.scalar = true;
  return value;
}

// The same report with every reference value the policy's SNP section reads enrolled as CoCo's
// documentation registers them through the RVPS (lists of numbers for the TCB, a boolean or a
// number on its own for the configuration), each read off the report's bytes:
//   hardware 2: each reported_tcb_* (bootloader 3, tee 0, snp 8, microcode 115 at 0x180) is `in`
//     its list of one number.
//   configuration 2: the first body holds: debugging and migration agents disallowed, and each
//     platform/policy field == its enrolled scalar (SMT_EN, TSME_EN at 0x040 bits 0, 1; ABI
//     minor/major, SMT, SINGLE_SOCKET at 0x008 bits 0-7, 8-15, 16, 20).
//   status: affirming (executables 3, hardware 2, configuration 2).
TEST(CocoSnpClaimsWithEarCpuPolicy, TrusteeReportAffirmedWithTypedReferenceValues) {
  const Bytes report = testing::ReadFixture(kTrustee.report);
  const std::uint64_t policy = U64Le(report, 0x008);
  const std::uint64_t platform = U64Le(report, 0x040);
  const Appraisal appraisal =
      AppraiseSnp(kTrustee, References({{"snp_launch_measurement", {Measurement(kTrustee)}, {}, ""},
                                        Typed("snp_bootloader", report.at(0x180)),
                                        Typed("snp_tee_svn", report.at(0x181)),
                                        Typed("snp_snp_svn", report.at(0x186)),
                                        Typed("snp_microcode", report.at(0x187)),
                                        Scalar("snp_smt_enabled", Bit(platform, 0)),
                                        Scalar("snp_tsme_enabled", Bit(platform, 1)),
                                        Scalar("snp_guest_abi_minor", policy & 0xFFU),
                                        Scalar("snp_guest_abi_major", (policy >> 8) & 0xFFU),
                                        Scalar("snp_smt_allowed", Bit(policy, 16)),
                                        Scalar("snp_single_socket", Bit(policy, 20))}));
  EXPECT_EQ(appraisal.vector.Get(Ar4siComponent::kExecutables), 3);
  EXPECT_EQ(appraisal.vector.Get(Ar4siComponent::kHardware), 2);
  EXPECT_EQ(appraisal.vector.Get(Ar4siComponent::kConfiguration), 2);
  EXPECT_EQ(appraisal.status, ArStatus::kAffirming);
}

// One TCB value behind the report's (microcode enrolled as 116, the report has 115): hardware
// falls back to its default 97, exactly as CoCo decides.
TEST(CocoSnpClaimsWithEarCpuPolicy, OtherMicrocodeKeepsHardwareDefault) {
  const Bytes report = testing::ReadFixture(kTrustee.report);
  const Appraisal appraisal = AppraiseSnp(
      kTrustee,
      References({Typed("snp_bootloader", report.at(0x180)), Typed("snp_tee_svn", report.at(0x181)),
                  Typed("snp_snp_svn", report.at(0x186)), Typed("snp_microcode", 116)}));
  EXPECT_EQ(report.at(0x187), 115);
  EXPECT_EQ(appraisal.vector.Get(Ar4siComponent::kHardware), 97);
}

// Not enrolled: query_reference_value answers null, `x in null` does not hold, executables keeps
// its default 33; hardware and configuration are as above.
TEST(CocoSnpClaimsWithEarCpuPolicy, UnknownMeasurementKeepsExecutablesDefault) {
  const Appraisal appraisal = AppraiseSnp(
      kTrustee, References({{"snp_launch_measurement", {Measurement(kVirtee)}, {}, ""}}));
  EXPECT_EQ(appraisal.vector.Get(Ar4siComponent::kExecutables), 33);
  EXPECT_EQ(appraisal.vector.Get(Ar4siComponent::kHardware), 97);
  EXPECT_EQ(appraisal.vector.Get(Ar4siComponent::kConfiguration), 3);
}

// go-sev-guest's report allows debugging (POLICY bit 19): neither configuration body holds, so
// configuration is its default 36; executables 3 with its measurement enrolled.
TEST(CocoSnpClaimsWithEarCpuPolicy, DebugGuestKeepsConfigurationDefault) {
  const Appraisal appraisal = AppraiseSnp(
      kGoSevGuest, References({{"snp_launch_measurement", {Measurement(kGoSevGuest)}, {}, ""}}));
  EXPECT_EQ(appraisal.vector.Get(Ar4siComponent::kExecutables), 3);
  EXPECT_EQ(appraisal.vector.Get(Ar4siComponent::kConfiguration), 36);
}

// CoCo's typed names compare in Rego as in CoCo: numbers with numbers, booleans with booleans.
TEST(CocoSnpClaimsWithEarCpuPolicy, TypedNamesCompareAsNumbersAndBooleans) {
  const auto policy = CompileRegoAttestationPolicy(
      "package policy\n"
      "trust_claims := {\"hardware\": 2} if {\n"
      "  input.snp.reported_tcb_microcode == 115\n"
      "  input.snp.reported_tcb_microcode > 100\n"
      "  input.snp.policy_abi_minor == 31\n"
      "  input.snp.policy_debug_allowed == false\n"
      "  input.snp.platform_smt_enabled == true\n"
      "  input.snp.policy.debug == false\n"  // Veil's name
      "} else := {\"hardware\": 97}\n",
      "typed");
  ASSERT_TRUE(policy) << policy.error().ToString();
  const auto trustee = AppraiseWithRego(*policy, Verify(kTrustee), kRuntime, References({}), kNow);
  ASSERT_TRUE(trustee) << trustee.error().ToString();
  EXPECT_EQ(trustee->vector.Get(Ar4siComponent::kHardware), 2);
  // go-sev-guest's report: ucode 68, DEBUG=1.
  const auto gsg = AppraiseWithRego(*policy, Verify(kGoSevGuest), kRuntime, References({}), kNow);
  ASSERT_TRUE(gsg) << gsg.error().ToString();
  EXPECT_EQ(gsg->vector.Get(Ar4siComponent::kHardware), 97);
}

}  // namespace
}  // namespace veil::policy::coco
