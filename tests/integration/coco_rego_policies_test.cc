// Issue 12: a veil-trustee configured with CoCo's own Rego policies (byte-identical copies of
// trustee's ear_default_policy_cpu.rego, kbs-affirming.rego and kbs-default.rego) releases and
// refuses exactly as CoCo's trustee would for the same claims. The owner sets the policies and
// reference values with the `veil` CLI; a guest attests with a real swtpm quote or CoCo's sample
// evidence. What CoCo would answer is read off the policies:
//   EAR policy, TPM: hardware 2 always; executables 3 when pcr11 is in "tpm_pcr11" and the AK in
//     "trusted_aks", else its default 33 (warning); configuration 0. Sample (the input carries
//     CoCo's sample claims: launch_digest "abcde", platform_version 1.4, debug false): executables
//     33 (no "launch_digest" reference value), hardware 97 (no "svn" reference value),
//     configuration 2 (debug == false).
//   kbs-affirming: every submod "affirming". kbs-default: anything but sample evidence.

#include <gtest/gtest.h>

#include <fstream>

#include "kbs_guest.h"
#include "veil/base/base64.h"
#include "veil/base/file.h"
#include "veil/base/hex.h"
#include "veil/crypto/digest.h"
#include "veil/crypto/public_key.h"
#include "veil/testing/command.h"
#include "veil/testing/fixtures.h"
#include "veil/testing/scratch_dir.h"
#include "veil/testing/swtpm.h"
#include "veil/testing/trustee_process.h"

namespace veil {
namespace {

using nlohmann::json;
using testing::CommandResult;
using testing::KbsAnswer;
using testing::KbsGuest;

constexpr const char* kSecret = "released only as CoCo's policy says";

class CocoRegoPolicies : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new testing::ScratchDir("coco-rego");
    ASSERT_EQ(Veil({"admin", "keygen", "--out", (*dir_ / "admin").string()}).exit_code, 0);
    auto trustee = testing::TrusteeProcess::Start(
        *dir_ / "data", {"--admin-key", (*dir_ / "admin" / "admin.pub").string()});
    ASSERT_TRUE(trustee) << trustee.error().ToString();
    trustee_ = std::move(*trustee).release();
    auto tpm = testing::Swtpm::Start();
    ASSERT_TRUE(tpm) << tpm.error().ToString();
    tpm_ = std::move(*tpm).release();
    ASSERT_TRUE(tpm_->Tpm2({"tpm2_createek", "-c", "ek.ctx", "-G", "rsa", "-u", "ek.pub"}));
    for (const char* ak : {"ak", "rogue"}) {
      ASSERT_TRUE(tpm_->Tpm2({"tpm2_createak", "-C", "ek.ctx", "-c", std::string(ak) + ".ctx", "-G",
                              "ecc", "-g", "sha256", "-s", "ecdsa", "-u", std::string(ak) + ".pem",
                              "-f", "pem", "-n", std::string(ak) + ".name"}));
    }
    ASSERT_EQ(Admin({"secret", "put", "prod/key/web", WriteFile("secret.txt", kSecret)}).exit_code,
              0);
    SetPolicy("attestation", "as-ear_default_policy_cpu.rego");
    ASSERT_EQ(Admin({"refval", "add", "trusted_aks", AkDigest("ak.pem")}).exit_code, 0);
  }

  static void TearDownTestSuite() {
    delete trustee_;
    delete tpm_;
    delete dir_;
  }

  static CommandResult Veil(std::vector<std::string> args) {
    args.insert(args.begin(), testing::BuiltBinary("veil"));
    return testing::RunCommand(args);
  }

  static CommandResult Admin(std::vector<std::string> args) {
    args.insert(args.end(),
                {"--url", trustee_->url(), "--key", (*dir_ / "admin" / "admin.key").string()});
    return Veil(args);
  }

  static std::string WriteFile(const std::string& name, const std::string& content) {
    const std::string path = (*dir_ / name).string();
    std::ofstream(path, std::ios::binary) << content;
    return path;
  }

  // `veil policy set <kind>` with one of CoCo's policies, as is.
  static void SetPolicy(const std::string& kind, const std::string& fixture) {
    const std::string path = testing::Fixture("rego/trustee/" + fixture).string();
    const CommandResult set = Admin({"policy", "set", kind, path});
    ASSERT_EQ(set.exit_code, 0) << fixture << ": " << set.out << set.err;
  }

  static std::string AkDigest(const std::string& ak_file) {
    const Bytes pem = ReadFileBytes(tpm_->Path(ak_file)).value();
    return HexEncode(crypto::Sha256(crypto::PublicKey::FromDerOrPem(pem).value().SpkiDer()));
  }

  // CoCo TPM evidence: a fresh quote over the 24 SHA-256 PCRs, qualified by the report data.
  static json TpmEvidence(ByteSpan report_data, const std::string& ak) {
    std::string pcr_list = "sha256:";
    for (int i = 0; i < 24; ++i) pcr_list += (i ? "," : "") + std::to_string(i);
    EXPECT_TRUE(tpm_->Tpm2({"tpm2_quote", "-c", ak + ".ctx", "-l", pcr_list, "-q",
                            HexEncode(report_data.first(32)), "-m", "q.msg", "-s", "q.sig", "-o",
                            "q.pcrs", "-F", "values", "-g", "sha256"}));
    const Bytes pcrs = ReadFileBytes(tpm_->Path("q.pcrs")).value();
    json pcr_hex = json::array();
    for (std::size_t i = 0; i + 32 <= pcrs.size(); i += 32)
      pcr_hex.push_back(HexEncode(ByteSpan(pcrs).subspan(i, 32)));
    const Bytes pem = ReadFileBytes(tpm_->Path(ak + ".pem")).value();
    return {{"ak_public", Base64Encode(crypto::PublicKey::FromDerOrPem(pem).value().SpkiDer())},
            {"tpm_quote",
             {{"message", Base64Encode(ReadFileBytes(tpm_->Path("q.msg")).value())},
              {"signature", Base64Encode(ReadFileBytes(tpm_->Path("q.sig")).value())},
              {"pcrs", pcr_hex}}}};
  }

  // The claims of an attestation answer's token (its signature is the trustee's business here).
  static json TokenClaims(const KbsAnswer& attested) {
    const std::string token = attested.body.value("token", "");
    const auto first = token.find('.');
    const auto payload =
        Base64UrlDecode(token.substr(first + 1, token.find('.', first + 1) - first - 1)).value();
    return json::parse(payload.begin(), payload.end());
  }

  static json AttestTpm(KbsGuest& guest, const std::string& ak) {
    const std::string nonce = guest.Auth("tpm").value();
    const KbsAnswer attested =
        guest.Attest(guest.AttestBody(nonce, TpmEvidence(guest.ReportData(nonce).value(), ak)));
    EXPECT_EQ(attested.status, 200u) << attested.raw << trustee_->Log();
    return attested.status == 200u ? TokenClaims(attested) : json();
  }

  static json AttestSample(KbsGuest& guest) {
    const std::string nonce = guest.Auth("sample").value();
    const json evidence = {{"svn", "1"},
                           {"report_data", Base64Encode(guest.ReportData(nonce).value())}};
    const KbsAnswer attested = guest.Attest(guest.AttestBody(nonce, evidence));
    EXPECT_EQ(attested.status, 200u) << attested.raw << trustee_->Log();
    return attested.status == 200u ? TokenClaims(attested) : json();
  }

  static void ExpectReleased(KbsGuest& guest) {
    const KbsAnswer released = guest.GetResource("prod/key/web");
    ASSERT_EQ(released.status, 200u) << released.raw;
    EXPECT_EQ(guest.Decrypt(released.body).value(), kSecret);
  }

  static void ExpectRefused(KbsGuest& guest) {
    const KbsAnswer refused = guest.GetResource("prod/key/web");
    EXPECT_EQ(refused.status, 401u) << refused.raw;
    EXPECT_NE(refused.body.value("detail", "").find("data.policy.allow is false"),
              std::string::npos)
        << refused.raw;
  }

  static testing::ScratchDir* dir_;
  static testing::TrusteeProcess* trustee_;
  static testing::Swtpm* tpm_;
};

testing::ScratchDir* CocoRegoPolicies::dir_ = nullptr;
testing::TrusteeProcess* CocoRegoPolicies::trustee_ = nullptr;
testing::Swtpm* CocoRegoPolicies::tpm_ = nullptr;

const json& Cpu0(const json& claims) { return claims["submods"]["cpu0"]; }

// kbs-affirming over the EAR policy: a TPM whose PCR 11 is not a reference value is warning
// (executables 33) and refused; once PCR 11 is one, affirming and released. A TPM whose AK is not
// trusted stays warning and refused.
TEST_F(CocoRegoPolicies, AffirmingPolicyReleasesOnlyToAnAffirmingTpm) {
  SetPolicy("resource", "kbs-affirming.rego");
  KbsGuest guest(trustee_->url());
  const json unknown_pcr = AttestTpm(guest, "ak");
  ASSERT_FALSE(unknown_pcr.is_null());
  EXPECT_EQ(Cpu0(unknown_pcr)["ear.status"], "warning") << unknown_pcr.dump(2);
  EXPECT_EQ(Cpu0(unknown_pcr)["ear.trustworthiness-vector"]["executables"], 33);
  EXPECT_EQ(Cpu0(unknown_pcr)["ear.trustworthiness-vector"]["hardware"], 2);
  ExpectRefused(guest);

  const std::string pcr11 =
      Cpu0(unknown_pcr)["ear.veraison.annotated-evidence"]["tpm"]["pcrs"]["sha256"]["11"];
  ASSERT_EQ(Admin({"refval", "add", "tpm_pcr11", pcr11}).exit_code, 0);
  const json affirming = AttestTpm(guest, "ak");
  EXPECT_EQ(Cpu0(affirming)["ear.status"], "affirming") << affirming.dump(2);
  EXPECT_EQ(Cpu0(affirming)["ear.trustworthiness-vector"]["executables"], 3);
  EXPECT_EQ(Cpu0(affirming)["ear.appraisal-policy-id"], "default");
  // The policy's `extensions` rule, as CoCo's EAR carries it: no init-data, no identifiers.
  EXPECT_EQ(Cpu0(affirming)["ear.trustee.identifiers"], json({{"validated", json::object()}}));
  ExpectReleased(guest);

  KbsGuest rogue(trustee_->url());
  const json untrusted_ak = AttestTpm(rogue, "rogue");
  EXPECT_EQ(Cpu0(untrusted_ak)["ear.status"], "warning") << untrusted_ak.dump(2);
  ExpectRefused(rogue);
}

// kbs-default releases to any TEE but CoCo's insecure sample, whatever the status: the TPM with
// an untrusted AK (warning) receives the secret, the sample guest (contraindicated) does not.
TEST_F(CocoRegoPolicies, DefaultPolicyReleasesToAnyTpmAndRefusesSample) {
  SetPolicy("resource", "kbs-default.rego");
  KbsGuest rogue(trustee_->url());
  const json untrusted_ak = AttestTpm(rogue, "rogue");
  EXPECT_EQ(Cpu0(untrusted_ak)["ear.status"], "warning") << untrusted_ak.dump(2);
  ExpectReleased(rogue);

  KbsGuest sample(trustee_->url());
  const json claims = AttestSample(sample);
  EXPECT_EQ(Cpu0(claims)["ear.status"], "contraindicated") << claims.dump(2);
  EXPECT_EQ(Cpu0(claims)["ear.trustworthiness-vector"]["hardware"], 97);
  EXPECT_EQ(Cpu0(claims)["ear.trustworthiness-vector"]["executables"], 33);
  EXPECT_EQ(Cpu0(claims)["ear.trustworthiness-vector"]["configuration"], 2);
  ExpectRefused(sample);
}

}  // namespace
}  // namespace veil
