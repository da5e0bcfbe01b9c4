// The reference value catalogue: every name it knows takes its claim's form and nothing else, every
// claim the real verifiers produce from shared/fixtures is in it, and the refusals say where.

#include "veil/policy/reference_value_catalogue.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "veil/appraisal/sample/verify_sample.h"
#include "veil/appraisal/sgx/verify_quote.h"
#include "veil/appraisal/snp/verify_report.h"
#include "veil/appraisal/tdx/ccel_replay.h"
#include "veil/appraisal/tdx/verify_quote.h"
#include "veil/appraisal/tpm/verify_quote.h"
#include "veil/base/rfc3339.h"
#include "veil/crypto/certificate.h"
#include "veil/endorsement/intel/collateral_directory.h"
#include "veil/evidence/tdx/quote.h"
#include "veil/policy/claim_value.h"
#include "veil/testing/fixtures.h"

namespace veil::policy {
namespace {

using Json = nlohmann::json;

const TimePoint kNow = ParseRfc3339("2026-11-23T00:00:00Z").value();

// "name" -> canonical text of every leaf under `claims`, named "<prefix><path>".
void Flatten(const Json& claims, const std::string& prefix,
             std::map<std::string, std::string>& out) {
  for (const auto& [key, value] : claims.items()) {
    if (value.is_object()) {
      Flatten(value, prefix + key + ".", out);
    } else {
      out[prefix + key] = CanonicalText(value).value_or("<none>");
    }
  }
}

// Lists (TDX advisory_ids) are left out: no reference value compares a list, and the catalogue
// must not offer one (checked where they occur).
void ExpectEveryClaimKnownAndAccepted(const appraisal::VerifiedClaims& verified) {
  std::map<std::string, std::string> leaves;
  Json scalars = verified.claims();
  for (auto it = scalars.begin(); it != scalars.end();) {
    it = it->is_array() ? scalars.erase(it) : std::next(it);
  }
  Flatten(scalars, std::string(verified.tee()) + ".", leaves);
  ASSERT_FALSE(leaves.empty());
  for (const auto& [name, value] : leaves) {
    SCOPED_TRACE(name + " = " + value);
    const auto shape = KnownReferenceShape(name);
    ASSERT_TRUE(shape) << "the catalogue does not know a claim the appraisal emits";
    EXPECT_TRUE(CheckValueShape(*shape, value));
    EXPECT_TRUE(CheckReferenceValue({name, {value}, std::nullopt, ""}, {kNow}));
  }
}

// The scalar boot claims a replayed CCEL adds under tdx.ccel (the COS-113 TD's log and quote;
// appraisal/tdx/ccel_replay.h): each has a catalogue name and takes its real value.
TEST(ReferenceValueCatalogue, KnowsTheScalarBootClaimsOfAReplayedCcel) {
  const auto quote =
      evidence::tdx::ParseQuote(testing::ReadFixture("tdx/gce-cos113-quote-v4.dat")).value();
  const auto replay = appraisal::tdx::ReplayCcel(
      testing::ReadFixture("tdx/gce-cos113-ccel-eventlog.bin"), quote.body.rtmr);
  ASSERT_TRUE(replay) << replay.error().ToString();
  const Json ccel = appraisal::tdx::CcelClaims(*replay);
  for (const char* path : {"/boot/secure_boot", "/boot/kernel_cmdline/text",
                           "/boot/kernel_image/path", "/boot/kernel_image/digests/sha384"}) {
    std::string name = std::string("tdx.ccel") + path;
    std::replace(name.begin(), name.end(), '/', '.');
    SCOPED_TRACE(name);
    const auto value = CanonicalText(ccel.at(Json::json_pointer(path)));
    ASSERT_TRUE(value);
    const auto shape = KnownReferenceShape(name);
    ASSERT_TRUE(shape);
    EXPECT_TRUE(CheckValueShape(*shape, *value));
  }
}

TEST(ReferenceValueCatalogue, KnowsEveryClaimOfRealSnpReports) {
  const struct {
    const char* report;
    const char* vcek;
    TimePoint when;  // inside the signer's validity
  } cases[] = {{"snp/milan-virtee-report.bin", "snp/milan-virtee-vcek.der", kNow},
               {"snp/milan-aws-vlek-report.bin", "snp/milan-aws-vlek.der",
                ParseRfc3339("2025-06-01T00:00:00Z").value()}};
  for (const auto& [report, vcek, when] : cases) {
    SCOPED_TRACE(report);
    const FixedClock clock(when);
    const auto signer = crypto::Certificate::FromDer(testing::ReadFixture(vcek)).value();
    const Bytes bytes = testing::ReadFixture(report);
    auto verified =
        appraisal::snp::VerifyReport({bytes, signer, std::nullopt, std::nullopt, clock});
    ASSERT_TRUE(verified) << verified.error().ToString();
    ExpectEveryClaimKnownAndAccepted(*verified);
  }
}

TEST(ReferenceValueCatalogue, KnowsEveryClaimOfRealTpmQuotes) {
  for (const std::string bank : {"sha1", "sha256", "sha384"}) {
    SCOPED_TRACE(bank);
    // QuoteInput views its bytes: they live here.
    const Bytes ak = testing::ReadFixture("tpm/gce-cos85-ak-pub.tpmt");
    const Bytes attest = testing::ReadFixture("tpm/gce-cos85-quote-" + bank + ".attest");
    const Bytes signature = testing::ReadFixture("tpm/gce-cos85-quote-" + bank + ".sig");
    const Bytes pcrs = testing::ReadFixture("tpm/gce-cos85-pcrs.json");
    const appraisal::tpm::QuoteInput input{ak,          attest, signature, pcrs, Bytes{0x90, 0x09},
                                           std::nullopt};
    auto verified = appraisal::tpm::VerifyQuote(input);
    ASSERT_TRUE(verified) << verified.error().ToString();
    ExpectEveryClaimKnownAndAccepted(*verified);
  }
}

TEST(ReferenceValueCatalogue, KnowsEveryClaimOfSampleEvidence) {
  auto verified =
      appraisal::sample::VerifySample(R"({"svn": "1", "report_data": "AQID"})", std::nullopt);
  ASSERT_TRUE(verified) << verified.error().ToString();
  ExpectEveryClaimKnownAndAccepted(*verified);
}

// A TD 1.0 quote (v4, MRCONFIGID set, TDX module identity) and a TD 1.5 quote (v5), each with
// the collateral and time tdx/README.md names.
TEST(ReferenceValueCatalogue, KnowsEveryClaimOfRealTdxQuotes) {
  const struct {
    const char* quote;
    const char* collateral;
    const char* at;
  } cases[] = {{"tdx/dq-near-quote-v4-20a06f.dat", "tdx/dq-near-quote-v4-20a06f.collateral.json",
                "2025-09-15T00:00:00Z"},
               {"tdx/gtg-quote-v5.dat", "tdx/dq-quote-v5-90c06f-outdated.collateral.json",
                "2026-03-01T00:00:00Z"}};
  for (const auto& c : cases) {
    SCOPED_TRACE(c.quote);
    const auto collateral =
        endorsement::intel::LoadCollateral(testing::Fixture(c.collateral)).value();
    const Bytes quote = testing::ReadFixture(c.quote);
    auto verified =
        appraisal::tdx::VerifyQuote({quote, collateral, ParseRfc3339(c.at).value(), std::nullopt});
    ASSERT_TRUE(verified) << verified.error().ToString();
    ExpectEveryClaimKnownAndAccepted(*verified);
    EXPECT_TRUE(verified->claims()["advisory_ids"].is_array());
    EXPECT_FALSE(KnownReferenceShape("tdx.advisory_ids"));
    EXPECT_FALSE(KnownReferenceShape("tdx.qe_advisory_ids"));
  }
}

// dcap-qvl's SGX quote with its collateral inside the window sgx/README.md names.
TEST(ReferenceValueCatalogue, KnowsEveryClaimOfARealSgxQuote) {
  const auto collateral =
      endorsement::intel::LoadCollateral(testing::Fixture("sgx/dq-sgx-quote-v3.collateral.json"))
          .value();
  const Bytes quote = testing::ReadFixture("sgx/dq-sgx-quote-v3.dat");
  auto verified = appraisal::sgx::VerifyQuote(
      {quote, collateral, ParseRfc3339("2025-07-01T00:00:00Z").value(), std::nullopt});
  ASSERT_TRUE(verified) << verified.error().ToString();
  ExpectEveryClaimKnownAndAccepted(*verified);
  EXPECT_FALSE(KnownReferenceShape("sgx.advisory_ids"));
  const auto refused = CheckReferenceValue({"sgx.mr_enclave", {"aa"}, std::nullopt, ""}, {kNow});
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().message,
            "reference value sgx.mr_enclave: value \"aa\": expected 64 hex digits (32 bytes), "
            "found 2 hex digits (truncated?)");
}

// The value forms the issue names, one row per known name's kind.
struct FormCase {
  std::string name;
  std::size_t hex_digits;  // 0: not hex
};

TEST(ReferenceValueCatalogue, HexClaimsTakeExactlyTheirDigestSize) {
  const FormCase cases[] = {
      {"snp.measurement", 96},       {"snp.host_data", 64},        {"snp.id_key_digest", 96},
      {"snp.author_key_digest", 96}, {"snp.report_data", 128},     {"snp.chip_id", 128},
      {"snp.family_id", 32},         {"snp.image_id", 32},         {"tpm.ak", 64},
      {"tpm.pcrs.sha1.0", 40},       {"tpm.pcrs.sha256.23", 64},   {"tpm.pcrs.sha384.7", 96},
      {"tpm.pcrs.sha512.10", 128},   {"tpm.firmware_version", 16}, {"sample.report_data", 128},
  };
  for (const FormCase& c : cases) {
    SCOPED_TRACE(c.name);
    const std::string good(c.hex_digits, 'a');
    EXPECT_TRUE(CheckReferenceValue({c.name, {good}, std::nullopt, ""}, {kNow}));
    EXPECT_TRUE(
        CheckReferenceValue({c.name, {std::string(c.hex_digits, 'F')}, std::nullopt, ""}, {kNow}));
    const std::string expected = std::to_string(c.hex_digits) + " hex digits";
    for (const std::string& bad : {good.substr(2), good + "aa", good.substr(1)}) {
      auto refused = CheckReferenceValue({c.name, {bad}, std::nullopt, ""}, {kNow});
      ASSERT_FALSE(refused) << bad;
      EXPECT_NE(refused.error().message.find("expected " + expected), std::string::npos)
          << refused.error().message;
      EXPECT_NE(refused.error().message.find("reference value " + c.name), std::string::npos);
    }
    // Non-hex characters, a pasted ellipsis included, are refused naming their position.
    std::string non_hex = good;
    non_hex[5] = 'g';
    auto refused = CheckReferenceValue({c.name, {non_hex}, std::nullopt, ""}, {kNow});
    ASSERT_FALSE(refused);
    EXPECT_NE(refused.error().message.find("character 6 is \"g\", not a hex digit"),
              std::string::npos)
        << refused.error().message;
    const std::string ellipsis = good.substr(0, 8) + "…" + good.substr(good.size() - 4);
    refused = CheckReferenceValue({c.name, {ellipsis}, std::nullopt, ""}, {kNow});
    ASSERT_FALSE(refused);
    EXPECT_NE(refused.error().message.find("character 9 is \"…\", not a hex digit"),
              std::string::npos)
        << refused.error().message;
  }
}

// Every concrete known name: the PCR patterns expanded to their 24 indexes.
std::vector<std::string> EveryKnownName() {
  std::vector<std::string> names;
  for (const std::string& pattern : KnownReferenceNamePatterns()) {
    const std::size_t placeholder = pattern.find("<0-23>");
    if (placeholder == std::string::npos) {
      names.push_back(pattern);
      continue;
    }
    for (int index = 0; index < 24; ++index)
      names.push_back(pattern.substr(0, placeholder) + std::to_string(index));
  }
  return names;
}

struct Samples {
  std::vector<std::string> good;
  std::vector<std::pair<std::string, std::string>> bad;  // value, what the refusal must say
};

Samples SamplesOf(const ValueShape& shape) {
  const std::string prefix(shape.hex_prefix);
  switch (shape.form) {
    case ValueForm::kHex: {
      const std::string shortest = prefix + std::string(2 * shape.min_bytes, 'a');
      const std::string longest = prefix + std::string(2 * shape.max_bytes, 'F');
      std::string non_hex = longest;
      non_hex[prefix.size() + 1] = 'z';
      return {{shortest, longest},
              {{prefix + std::string(2 * shape.min_bytes - 1, 'a'), "expected"},
               {prefix + std::string(2 * shape.max_bytes + 2, 'a'), "expected"},
               {non_hex, "character " + std::to_string(prefix.size() + 2) + " is \"z\""},
               {prefix + "ab…cd", "character " + std::to_string(prefix.size() + 3) + " is \"…\""}}};
    }
    case ValueForm::kInteger:
      return {{"0", "42"}, {{"042", "decimal integer"}, {"4…2", "decimal integer"}}};
    case ValueForm::kBoolean:
      return {{"true", "false"}, {{"yes", "true or false"}, {"1", "true or false"}}};
    case ValueForm::kOneOf:
      return {{std::string(shape.choices.front()), std::string(shape.choices.back())},
              {{"nope", "one of"}}};
    case ValueForm::kText:
      return {{"anything", "EC P-256"}, {}};
  }
  return {};
}

TEST(ReferenceValueCatalogue, EveryKnownNameAcceptsItsFormAndRefusesTheRestSayingWhere) {
  const std::vector<std::string> names = EveryKnownName();
  EXPECT_GT(names.size(), 150u);
  for (const std::string& name : names) {
    SCOPED_TRACE(name);
    const auto shape = KnownReferenceShape(name);
    ASSERT_TRUE(shape);
    EXPECT_TRUE(HasTeePrefix(name));
    const Samples samples = SamplesOf(*shape);
    for (const std::string& good : samples.good) {
      auto accepted = CheckReferenceValue({name, {good}, std::nullopt, ""}, {kNow});
      EXPECT_TRUE(accepted) << good << ": " << accepted.error().message;
    }
    for (const auto& [bad, says] : samples.bad) {
      auto refused = CheckReferenceValue({name, {bad}, std::nullopt, ""}, {kNow});
      ASSERT_FALSE(refused) << bad;
      EXPECT_EQ(refused.error().code, ErrorCode::kInvalidArgument);
      EXPECT_NE(refused.error().message.find("reference value " + name + ": value \""),
                std::string::npos)
          << refused.error().message;
      EXPECT_NE(refused.error().message.find(says), std::string::npos) << refused.error().message;
      // --force is for unknown names only.
      EXPECT_FALSE(CheckReferenceValue({name, {bad}, std::nullopt, ""}, {kNow, true})) << bad;
    }
  }
}

TEST(ReferenceValueCatalogue, TheDocsEllipsisExampleIsRefusedWithItsPosition) {
  auto refused = CheckReferenceValue({"tpm.ak", {"6a114d75…d5b6"}, std::nullopt, ""}, {kNow});
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().message,
            "reference value tpm.ak: value \"6a114d75…d5b6\": character 9 is \"…\", not a hex "
            "digit (a shortened value cannot be a reference value: give it whole)");
}

TEST(ReferenceValueCatalogue, SixtyFourBitWordsKeepTheirPrefix) {
  const std::string word = "0x" + std::string(16, '0');
  for (const char* name : {"snp.policy.raw", "snp.reported_tcb.raw", "snp.platform_info.raw",
                           "snp.launch_mit_vector"}) {
    SCOPED_TRACE(name);
    EXPECT_TRUE(CheckReferenceValue({name, {word}, std::nullopt, ""}, {kNow}));
    EXPECT_FALSE(CheckReferenceValue({name, {std::string(16, '0')}, std::nullopt, ""}, {kNow}));
    EXPECT_FALSE(CheckReferenceValue({name, {"0x30000"}, std::nullopt, ""}, {kNow}));
  }
}

TEST(ReferenceValueCatalogue, IntegersAreCanonicalDecimal) {
  for (const char* name : {"snp.guest_svn", "snp.reported_tcb.snp", "snp.launch_tcb.microcode",
                           "snp.vmpl", "sample.svn", "tpm.clock.reset_count"}) {
    SCOPED_TRACE(name);
    for (const char* good : {"0", "7", "18446744073709551615"})
      EXPECT_TRUE(CheckReferenceValue({name, {good}, std::nullopt, ""}, {kNow})) << good;
    for (const char* bad : {"07", "-1", "+1", "0x10", "1.5", "seven", "18446744073709551616", ""})
      EXPECT_FALSE(CheckReferenceValue({name, {bad}, std::nullopt, ""}, {kNow})) << bad;
  }
}

TEST(ReferenceValueCatalogue, BooleansAndChoices) {
  EXPECT_TRUE(
      CheckReferenceValue({"snp.policy.debug", {"false", "true"}, std::nullopt, ""}, {kNow}));
  EXPECT_FALSE(CheckReferenceValue({"snp.policy.debug", {"False"}, std::nullopt, ""}, {kNow}));
  EXPECT_FALSE(CheckReferenceValue({"sample.insecure", {"1"}, std::nullopt, ""}, {kNow}));
  EXPECT_TRUE(CheckReferenceValue({"snp.signing_key", {"vcek", "vlek"}, std::nullopt, ""}, {kNow}));
  auto refused = CheckReferenceValue({"snp.signing_key", {"ask"}, std::nullopt, ""}, {kNow});
  ASSERT_FALSE(refused);
  EXPECT_NE(refused.error().message.find("expected one of vcek, vlek, none"), std::string::npos);
  EXPECT_TRUE(CheckReferenceValue({"tpm.hash", {"sha256"}, std::nullopt, ""}, {kNow}));
  EXPECT_TRUE(CheckReferenceValue({"tpm.ak_type", {"EC P-256"}, std::nullopt, ""}, {kNow}));
}

TEST(ReferenceValueCatalogue, MisspeltNamesAreRefusedWithTheClosestKnownName) {
  for (const auto& [misspelt, meant] :
       {std::pair{"snp.measurment", "snp.measurement"}, std::pair{"tpm.akk", "tpm.ak"},
        std::pair{"tpm.pcrs.sha265.23", "tpm.pcrs.sha256.23"},
        std::pair{"sample.snv", "sample.svn"}}) {
    SCOPED_TRACE(misspelt);
    auto refused = CheckReferenceValue({misspelt, {"aa"}, std::nullopt, ""}, {kNow});
    ASSERT_FALSE(refused);
    const std::string& message = refused.error().message;
    EXPECT_NE(message.find(std::string("did you mean ") + meant), std::string::npos) << message;
    EXPECT_NE(message.find("--force"), std::string::npos) << message;
    EXPECT_EQ(ClosestKnownReferenceNames(misspelt).at(0), meant);
  }
  auto refused = CheckReferenceValue({"snp.measurment", {"aa"}, std::nullopt, ""}, {kNow});
  EXPECT_NE(refused.error().message.find("the known snp.* names are snp.author_key_digest, "),
            std::string::npos)
      << refused.error().message;
  refused = CheckReferenceValue({"tdx.mrtd", {"aa"}, std::nullopt, ""}, {kNow});
  ASSERT_FALSE(refused);
  EXPECT_NE(refused.error().message.find("did you mean tdx.mr_td"), std::string::npos)
      << refused.error().message;
  refused = CheckReferenceValue({"tdx.mr_td", {"aa"}, std::nullopt, ""}, {kNow});
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().message,
            "reference value tdx.mr_td: value \"aa\": expected 96 hex digits (48 bytes), found 2 "
            "hex digits (truncated?)");
}

TEST(ReferenceValueCatalogue, ForceStoresAnUnknownTeeNameButNeverAMalformedKnownOne) {
  EXPECT_TRUE(CheckReferenceValue({"tpm.akk", {"anything"}, std::nullopt, ""}, {kNow, true}));
  EXPECT_TRUE(CheckReferenceValue({"tdx.mrtd", {"aa"}, std::nullopt, ""}, {kNow, true}));
  EXPECT_FALSE(CheckReferenceValue({"tdx.mr_td", {"aa"}, std::nullopt, ""}, {kNow, true}));
  EXPECT_FALSE(CheckReferenceValue({"tpm.ak", {"6a11…"}, std::nullopt, ""}, {kNow, true}));
}

TEST(ReferenceValueCatalogue, FreeSetNamesAreNotChecked) {
  for (const char* name : {"web", "snp_launch_measurement", "release-2026.11", "snpx.thing"}) {
    SCOPED_TRACE(name);
    EXPECT_FALSE(HasTeePrefix(name));
    EXPECT_TRUE(CheckReferenceValue({name, {"anything…", "7"}, std::nullopt, ""}, {kNow}));
  }
  EXPECT_TRUE(HasTeePrefix("tdx.mr_td"));
  EXPECT_TRUE(HasTeePrefix("sgx.mr_enclave"));
  EXPECT_TRUE(HasTeePrefix("sample.svn"));
}

TEST(ReferenceValueCatalogue, AnExpiryThatIsNotInTheFutureIsRefused) {
  const std::string digest(64, 'a');
  auto refused = CheckReferenceValue({"tpm.ak", {digest}, kNow, ""}, {kNow});
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().message,
            "reference value tpm.ak: expires 2026-11-23T00:00:00Z, which is not after now "
            "(2026-11-23T00:00:00Z); it would never be accepted");
  EXPECT_FALSE(CheckReferenceValue({"web", {"x"}, kNow - std::chrono::hours(1), ""}, {kNow}));
  EXPECT_TRUE(
      CheckReferenceValue({"tpm.ak", {digest}, kNow + std::chrono::seconds(1), ""}, {kNow}));
}

TEST(ReferenceValueCatalogue, PatternsListEveryNameOnceAndThePcrBanks) {
  const std::vector<std::string> patterns = KnownReferenceNamePatterns();
  EXPECT_TRUE(std::is_sorted(patterns.begin(), patterns.end()));
  for (const char* expected :
       {"snp.measurement", "snp.host_data", "tpm.ak", "tpm.pcrs.sha256.<0-23>", "sample.svn"}) {
    EXPECT_NE(std::find(patterns.begin(), patterns.end(), expected), patterns.end()) << expected;
  }
  EXPECT_FALSE(KnownReferenceShape("tpm.pcrs.sha256.24"));
  EXPECT_FALSE(KnownReferenceShape("tpm.pcrs.sha256.07"));
}

}  // namespace
}  // namespace veil::policy
