// veil-trustee end to end, as separate processes: the owner uses the `veil` CLI, a guest speaks
// the KBS protocol with a real swtpm quote (or CoCo sample evidence), and the trustee must release
// the secret only to what the policy accepts — explaining every refusal and keeping serving.

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <fstream>

#include "kbs_guest.h"
#include "veil/base/base64.h"
#include "veil/base/file.h"
#include "veil/base/hex.h"
#include "veil/crypto/digest.h"
#include "veil/crypto/public_key.h"
#include "veil/testing/command.h"
#include "veil/testing/file_mode.h"
#include "veil/testing/scratch_dir.h"
#include "veil/testing/swtpm.h"
#include "veil/testing/trustee_process.h"

namespace veil {
namespace {

using testing::CommandResult;
using testing::KbsAnswer;
using testing::KbsGuest;

constexpr const char* kSecret = "the database password is hunter2";
const std::string kProblemPrefix = "https://github.com/confidential-containers/kbs/errors/";

std::string Join(const std::vector<std::string>& lines) {
  std::string out;
  for (const auto& line : lines) out += line + "\n";
  return out;
}

class TrusteeKbs : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new std::filesystem::path(std::filesystem::path(::testing::TempDir()) /
                                     ("veil-kbs-" + std::to_string(getpid())));
    std::filesystem::remove_all(*dir_);
    std::filesystem::create_directories(*dir_);
    ASSERT_EQ(Veil({"admin", "keygen", "--out", (*dir_ / "admin").string()}).exit_code, 0);
    StartTrustee();
    auto tpm = testing::Swtpm::Start();
    ASSERT_TRUE(tpm) << tpm.error().ToString();
    tpm_ = std::move(*tpm).release();
    ASSERT_TRUE(tpm_->Tpm2({"tpm2_createek", "-c", "ek.ctx", "-G", "rsa", "-u", "ek.pub"}));
    ASSERT_TRUE(
        tpm_->Tpm2({"tpm2_createak", "-C", "ek.ctx", "-c", "ak.ctx", "-G", "ecc", "-g", "sha256",
                    "-s", "ecdsa", "-u", "ak.pem", "-f", "pem", "-n", "ak.name"}));
    ASSERT_TRUE(
        tpm_->Tpm2({"tpm2_createak", "-C", "ek.ctx", "-c", "rogue.ctx", "-G", "ecc", "-g", "sha256",
                    "-s", "ecdsa", "-u", "rogue.pem", "-f", "pem", "-n", "rogue.name"}));
    // The owner registers the AK, stores a secret, and the trustee audits both.
    ASSERT_EQ(
        Admin({"refval", "add", "tpm.ak", AkDigest("ak.pem"), "--provenance", "enrolled in test"})
            .exit_code,
        0);
    ASSERT_EQ(Admin({"secret", "put", "prod/key/web", WriteFile("secret.txt", kSecret)}).exit_code,
              0);
  }

  static void TearDownTestSuite() {
    delete trustee_;
    delete tpm_;
    std::filesystem::remove_all(*dir_);
    delete dir_;
  }

  static void StartTrustee(const std::vector<std::string>& extra = {}) {
    std::vector<std::string> args = {"--admin-key", (*dir_ / "admin" / "admin.pub").string()};
    args.insert(args.end(), extra.begin(), extra.end());
    auto trustee = testing::TrusteeProcess::Start(*dir_ / "data", args);
    ASSERT_TRUE(trustee) << trustee.error().ToString();
    trustee_ = std::move(*trustee).release();
  }

  static CommandResult Veil(std::vector<std::string> args) {
    args.insert(args.begin(), testing::BuiltBinary("veil"));
    return testing::RunCommand(args);
  }

  static CommandResult Admin(std::vector<std::string> args,
                             const std::string& key = "admin/admin.key") {
    args.insert(args.end(), {"--url", trustee_->url(), "--key", (*dir_ / key).string()});
    return Veil(args);
  }

  static std::string WriteFile(const std::string& name, const std::string& content) {
    const std::string path = (*dir_ / name).string();
    std::ofstream(path, std::ios::binary) << content;
    return path;
  }

  static std::string AkDigest(const std::string& ak_file) {
    const Bytes pem = ReadFileBytes(tpm_->Path(ak_file)).value();
    return HexEncode(crypto::Sha256(crypto::PublicKey::FromDerOrPem(pem).value().SpkiDer()));
  }

  // A CoCo TPM evidence object: a fresh quote over all 24 SHA-256 PCRs whose qualifying data is
  // the first 32 bytes of `report_data`.
  static nlohmann::json TpmEvidence(ByteSpan report_data, const std::string& ak = "ak") {
    const std::string nonce = HexEncode(report_data.first(32));
    std::string pcr_list = "sha256:";
    for (int i = 0; i < 24; ++i) pcr_list += (i ? "," : "") + std::to_string(i);
    EXPECT_TRUE(
        tpm_->Tpm2({"tpm2_quote", "-c", ak + ".ctx", "-l", pcr_list, "-q", nonce, "-m", "q.msg",
                    "-s", "q.sig", "-o", "q.pcrs", "-F", "values", "-g", "sha256"}));
    const Bytes pcrs = ReadFileBytes(tpm_->Path("q.pcrs")).value();
    nlohmann::json pcr_hex = nlohmann::json::array();
    for (std::size_t i = 0; i + 32 <= pcrs.size(); i += 32)
      pcr_hex.push_back(HexEncode(ByteSpan(pcrs).subspan(i, 32)));
    const Bytes pem = ReadFileBytes(tpm_->Path(ak + ".pem")).value();
    return {{"ak_public", Base64Encode(crypto::PublicKey::FromDerOrPem(pem).value().SpkiDer())},
            {"tpm_quote",
             {{"message", Base64Encode(ReadFileBytes(tpm_->Path("q.msg")).value())},
              {"signature", Base64Encode(ReadFileBytes(tpm_->Path("q.sig")).value())},
              {"pcrs", pcr_hex}}}};
  }

  // auth + attest with a fresh TPM quote; returns the /attest answer.
  static KbsAnswer AttestWithTpm(KbsGuest& guest, const std::string& ak = "ak") {
    const std::string nonce = guest.Auth("tpm").value();
    const Bytes report_data = guest.ReportData(nonce).value();
    return guest.Attest(guest.AttestBody(nonce, TpmEvidence(report_data, ak)));
  }

  static void ExpectProblem(const KbsAnswer& answer, unsigned status, const std::string& variant,
                            const std::string& detail_part) {
    EXPECT_EQ(answer.status, status) << answer.raw;
    ASSERT_TRUE(answer.body.is_object()) << answer.raw;
    EXPECT_EQ(answer.body.value("type", ""), kProblemPrefix + variant) << answer.raw;
    EXPECT_NE(answer.body.value("detail", "").find(detail_part), std::string::npos) << answer.raw;
  }

  static void ExpectStillServing() {
    KbsGuest probe(trustee_->url());
    EXPECT_TRUE(probe.Auth("sample")) << "the trustee stopped serving";
  }

  static std::filesystem::path* dir_;
  static testing::TrusteeProcess* trustee_;
  static testing::Swtpm* tpm_;
};

std::filesystem::path* TrusteeKbs::dir_ = nullptr;
testing::TrusteeProcess* TrusteeKbs::trustee_ = nullptr;
testing::Swtpm* TrusteeKbs::tpm_ = nullptr;

TEST_F(TrusteeKbs, AttestedTpmReceivesTheSecretEncryptedToItsKey) {
  KbsGuest guest(trustee_->url());
  const KbsAnswer attested = AttestWithTpm(guest);
  ASSERT_EQ(attested.status, 200u) << attested.raw << trustee_->Log();
  const std::string token = attested.body["token"];

  const KbsAnswer by_cookie = guest.GetResource("prod/key/web");
  ASSERT_EQ(by_cookie.status, 200u) << by_cookie.raw;
  for (const char* member : {"protected", "encrypted_key", "iv", "ciphertext", "tag"}) {
    EXPECT_TRUE(by_cookie.body.contains(member)) << member;
  }
  EXPECT_EQ(guest.Decrypt(by_cookie.body).value(), kSecret);
  EXPECT_EQ(by_cookie.raw.find("hunter2"), std::string::npos);

  const KbsAnswer by_bearer = guest.GetResource("prod/key/web", token);
  ASSERT_EQ(by_bearer.status, 200u) << by_bearer.raw;
  EXPECT_EQ(guest.Decrypt(by_bearer.body).value(), kSecret);

  // The release is audited with the TEE identity and the token id, and the chain verifies.
  const CommandResult audit = Admin({"audit", "verify"});
  EXPECT_EQ(audit.exit_code, 0) << audit.out << audit.err;
  EXPECT_NE(audit.out.find("resource.release prod/key/web"), std::string::npos) << audit.out;
  EXPECT_NE(audit.out.find("tee:tpm:" + AkDigest("ak.pem")), std::string::npos) << audit.out;
  EXPECT_EQ(trustee_->Log().find("hunter2"), std::string::npos) << "a secret reached the log";
}

TEST_F(TrusteeKbs, SecretsAreWrappedForRsaAndP521TeeKeysToo) {
  for (auto algorithm : {crypto::KeyAlgorithm::kRsa2048, crypto::KeyAlgorithm::kEcP521}) {
    KbsGuest guest(trustee_->url(), algorithm);
    ASSERT_EQ(AttestWithTpm(guest).status, 200u);
    const KbsAnswer released = guest.GetResource("prod/key/web");
    ASSERT_EQ(released.status, 200u) << released.raw;
    const auto header_bytes =
        Base64UrlDecode(released.body["protected"].get<std::string>()).value();
    const auto header = nlohmann::json::parse(header_bytes.begin(), header_bytes.end());
    EXPECT_EQ(header["alg"],
              algorithm == crypto::KeyAlgorithm::kRsa2048 ? "RSA-OAEP-256" : "ECDH-ES+A256KW");
    EXPECT_EQ(header["enc"], "A256GCM");
    EXPECT_EQ(guest.Decrypt(released.body).value(), kSecret);
  }
}

TEST_F(TrusteeKbs, TokenCarriesTheEarShapeAndTheTeeKey) {
  KbsGuest guest(trustee_->url());
  const KbsAnswer attested = AttestWithTpm(guest);
  ASSERT_EQ(attested.status, 200u) << attested.raw;
  const std::string token = attested.body["token"];
  const auto first_dot = token.find('.');
  const auto payload =
      Base64UrlDecode(token.substr(first_dot + 1, token.find('.', first_dot + 1) - first_dot - 1))
          .value();
  const auto claims = nlohmann::json::parse(payload.begin(), payload.end());
  const auto& cpu0 = claims["submods"]["cpu0"];
  EXPECT_EQ(cpu0["ear.status"], "affirming") << claims.dump(2);
  EXPECT_EQ(cpu0["ear.trustworthiness-vector"]["hardware"], 2);
  EXPECT_EQ(cpu0["ear.veraison.annotated-evidence"]["runtime_data_claims"]["tee-pubkey"],
            guest.tee_jwk());
  EXPECT_TRUE(cpu0["ear.veraison.annotated-evidence"].contains("tpm"));
  EXPECT_GT(claims["exp"].get<std::int64_t>(), claims["iat"].get<std::int64_t>());
  // A repeated /attest in the same session returns the same token.
  EXPECT_EQ(guest.Attest(nlohmann::json::object()).body.value("token", ""), token);

  testing::KbsAnswer jwks;
  http::ClientRequest request{.url = trustee_->url() + "/.well-known/jwks.json"};
  const auto response = http::Send(request).value();
  EXPECT_EQ(response.status, 200u);
  EXPECT_NE(response.body.find("\"ES256\""), std::string::npos) << response.body;
}

TEST_F(TrusteeKbs, UnregisteredAkIsDeniedWithTheReason) {
  KbsGuest guest(trustee_->url());
  const KbsAnswer attested = AttestWithTpm(guest, "rogue");
  ASSERT_EQ(attested.status, 200u) << attested.raw;
  const KbsAnswer denied = guest.GetResource("prod/key/web");
  ExpectProblem(denied, 401, "PolicyDeny", "tpm.ak");
  EXPECT_NE(denied.body.value("detail", "").find("contraindicated"), std::string::npos)
      << denied.raw;
  EXPECT_NE(trustee_->Log().find("denied"), std::string::npos);
}

TEST_F(TrusteeKbs, ReplayedOrForeignEvidenceIsRefused) {
  KbsGuest first(trustee_->url());
  const std::string nonce = first.Auth("tpm").value();
  const nlohmann::json evidence = TpmEvidence(first.ReportData(nonce).value());
  ASSERT_EQ(first.Attest(first.AttestBody(nonce, evidence)).status, 200u);

  // The same evidence in a new session: the new challenge differs.
  KbsGuest replay(trustee_->url());
  ASSERT_TRUE(replay.Auth("tpm"));
  ExpectProblem(replay.Attest(first.AttestBody(nonce, evidence)), 401, "AttestationError", "nonce");

  // Evidence bound to the right nonce but another TEE key.
  KbsGuest thief(trustee_->url());
  const std::string thief_nonce = thief.Auth("tpm").value();
  KbsGuest other_key(trustee_->url());
  const nlohmann::json bound_to_other = TpmEvidence(other_key.ReportData(thief_nonce).value());
  ExpectProblem(thief.Attest(thief.AttestBody(thief_nonce, bound_to_other)), 401,
                "AttestationError", "nonce mismatch");
  // The nonce of that session is spent now: a second try is a replay.
  ExpectProblem(thief.Attest(thief.AttestBody(thief_nonce,
                                              TpmEvidence(thief.ReportData(thief_nonce).value()))),
                401, "AttestationError", "already used");
  ExpectStillServing();
}

TEST_F(TrusteeKbs, TamperedEvidenceIsRefusedWithTheFailedCheck) {
  KbsGuest guest(trustee_->url());
  const std::string nonce = guest.Auth("tpm").value();
  nlohmann::json evidence = TpmEvidence(guest.ReportData(nonce).value());
  Bytes message = Base64Decode(evidence["tpm_quote"]["message"].get<std::string>()).value();
  message[message.size() - 1] ^= 0x01;  // the end of pcrDigest
  evidence["tpm_quote"]["message"] = Base64Encode(message);
  ExpectProblem(guest.Attest(guest.AttestBody(nonce, evidence)), 401, "AttestationError", "tpm");
  ExpectStillServing();
}

TEST_F(TrusteeKbs, SessionAndRequestErrorsHaveClearDetails) {
  KbsGuest guest(trustee_->url());
  ExpectProblem(guest.Attest(nlohmann::json::object()), 401, "AttestationError", "cookie");
  guest.set_cookie("00000000000000000000000000000000");
  ExpectProblem(guest.Attest(nlohmann::json::object()), 401, "AttestationError", "no session");
  ExpectProblem(guest.GetResource("prod/key/web"), 401, "TokenNotFound", "no session");
  ExpectProblem(guest.GetResource("prod/key/web", std::string("not.a.jwt")), 401, "TokenNotFound",
                "attestation token");

  ASSERT_TRUE(guest.Auth("tpm"));
  ExpectProblem(guest.PostRaw("/kbs/v0/attest", "{not json"), 401, "AttestationError", "JSON");
  ExpectProblem(guest.PostRaw("/kbs/v0/auth", R"({"version":"0.1.0","tee":"tpm"})"), 401,
                "AttestationError", "0.4.0");
  ExpectProblem(guest.PostRaw("/kbs/v0/auth", R"({"version":"0.4.0","tee":"quantum"})"), 401,
                "AttestationError", "quantum");
  const KbsAnswer oversized = guest.PostRaw("/kbs/v0/attest", std::string(2u << 20, 'x'));
  EXPECT_EQ(oversized.status, 413u) << oversized.raw;
  ExpectStillServing();
}

TEST_F(TrusteeKbs, UnknownResourceAndBadPathsAreDistinguished) {
  KbsGuest guest(trustee_->url());
  ASSERT_EQ(AttestWithTpm(guest).status, 200u);
  ExpectProblem(guest.GetResource("prod/key/missing"), 401, "ResourceNotFound",
                "no resource prod/key/missing");
  ExpectProblem(guest.GetResource("only/two"), 404, "InvalidRequestPath", "expected 3 segments");
}

TEST_F(TrusteeKbs, UnknownPathsAndMethodsAnswerInTheKbsVocabulary) {
  KbsGuest guest(trustee_->url());
  ExpectProblem(guest.PostRaw("/kbs/v0/nowhere", "{}"), 404, "InvalidRequestPath",
                "no route for POST /kbs/v0/nowhere");
  ExpectProblem(guest.PostRaw("/.well-known/jwks.json", "{}"), 405, "InvalidRequestPath",
                "expected one of GET for /.well-known/jwks.json, got POST");
}

TEST_F(TrusteeKbs, SampleIsRefusedUnlessThePolicyExplicitlyAllowsIt) {
  KbsGuest guest(trustee_->url());
  std::string nonce = guest.Auth("sample").value();
  auto sample_evidence = [&](const std::string& n) {
    return nlohmann::json{{"svn", "1"}, {"report_data", Base64Encode(guest.ReportData(n).value())}};
  };
  ASSERT_EQ(guest.Attest(guest.AttestBody(nonce, sample_evidence(nonce))).status, 200u);
  ExpectProblem(guest.GetResource("prod/key/web"), 401, "PolicyDeny", "contraindicated");

  // An owner who wants the insecure sample TEE for development must say so in a policy.
  const CommandResult current = Admin({"policy", "get", "attestation"});
  ASSERT_EQ(current.exit_code, 0) << current.err;
  ASSERT_NE(current.out.find("(built-in default)"), std::string::npos) << current.out;
  const std::string default_policy = WriteFile("default-attestation.yaml", current.out);
  const std::string policy = WriteFile("allow-sample.yaml", Join({
                                                                "id: allow-sample-for-dev",
                                                                "rules:",
                                                                "  - name: sample-allowed",
                                                                "    tee: [sample]",
                                                                "    check: {always: true}",
                                                                "    pass: {hardware: 2}",
                                                            }));
  ASSERT_EQ(Admin({"policy", "set", "attestation", policy}).exit_code, 0);
  nonce = guest.Auth("sample").value();
  ASSERT_EQ(guest.Attest(guest.AttestBody(nonce, sample_evidence(nonce))).status, 200u);
  const KbsAnswer released = guest.GetResource("prod/key/web");
  ASSERT_EQ(released.status, 200u) << released.raw;
  EXPECT_EQ(guest.Decrypt(released.body).value(), kSecret);
  // Back to the built-in default for the other tests.
  const CommandResult restored = Admin({"policy", "set", "attestation", default_policy});
  EXPECT_EQ(restored.exit_code, 0) << restored.out << restored.err;
}

TEST_F(TrusteeKbs, AdminApiRefusesUnauthenticatedAndInvalidChanges) {
  ASSERT_EQ(Veil({"admin", "keygen", "--out", (*dir_ / "intruder").string()}).exit_code, 0);
  const CommandResult intruder =
      Admin({"secret", "put", "prod/key/web", WriteFile("evil.txt", "evil")}, "intruder/admin.key");
  EXPECT_EQ(intruder.exit_code, 1);
  EXPECT_NE(intruder.err.find("not signed by any configured admin key"), std::string::npos)
      << intruder.err;

  http::ClientRequest anonymous{
      .method = "POST", .url = trustee_->url() + "/kbs/v0/resource/prod/key/web", .body = "x"};
  const auto response = http::Send(anonymous).value();
  EXPECT_EQ(response.status, 401u);
  EXPECT_NE(response.body.find("AdminAuthAccess"), std::string::npos) << response.body;

  const CommandResult bad_policy =
      Admin({"policy", "set", "resource", WriteFile("bad.yaml", "rules: 5\n")});
  EXPECT_EQ(bad_policy.exit_code, 1);
  EXPECT_FALSE(bad_policy.err.empty());
  // A malformed reference value is refused before the trustee is asked (exit 2).
  const CommandResult bad_refval = Admin({"refval", "add", "Not A Name", "x"});
  EXPECT_EQ(bad_refval.exit_code, 2) << bad_refval.err;
  EXPECT_NE(bad_refval.err.find("reference value name: expected [a-z0-9_.-]+"), std::string::npos)
      << bad_refval.err;
  // A malformed path is the caller's mistake: refused before the trustee is asked (exit 2).
  const CommandResult bad_path = Admin({"secret", "put", "prod/key", WriteFile("x.txt", "x")});
  EXPECT_EQ(bad_path.exit_code, 2) << bad_path.err;
  EXPECT_EQ(bad_path.err, "veil: resource path: expected 3 segments repository/type/tag, got 2\n");

  KbsGuest guest(trustee_->url());
  ASSERT_EQ(AttestWithTpm(guest).status, 200u);
  EXPECT_EQ(guest.Decrypt(guest.GetResource("prod/key/web").body).value(), kSecret)
      << "a refused change altered the secret";
}

TEST_F(TrusteeKbs, SecretPutTakesKbsUrisAndStdinAndAuditLsListsTheChange) {
  CommandResult put = testing::RunCommand(
      {testing::BuiltBinary("veil"), "secret", "put", "kbs:///prod/key/stdin", "-", "--url",
       trustee_->url(), "--key", (*dir_ / "admin/admin.key").string()},
      "from stdin");
  ASSERT_EQ(put.exit_code, 0) << put.err;
  const CommandResult listed = Admin({"audit", "ls", "--from", "1", "--limit", "10000"});
  EXPECT_EQ(listed.exit_code, 0) << listed.err;
  EXPECT_NE(listed.out.find("resource.put  prod/key/stdin"), std::string::npos) << listed.out;
  const CommandResult as_json = Admin({"audit", "ls", "--json"});
  const nlohmann::json entries = nlohmann::json::parse(as_json.out, nullptr, false);
  ASSERT_TRUE(entries.is_array()) << as_json.out;
  ASSERT_FALSE(entries.empty());
  EXPECT_EQ(entries[0]["sequence"], 1);
  EXPECT_EQ(entries[0]["hash"].get<std::string>().size(), 64u);
  // verify prints the head: its sequence and hash, what an owner writes down.
  const CommandResult verified = Admin({"audit", "verify"});
  EXPECT_NE(verified.out.find(", head #"), std::string::npos) << verified.out;
  EXPECT_EQ(Admin({"secret", "put", "kbs://host/prod/key/x", WriteFile("x.txt", "x")}).exit_code,
            2);
  // Read by a person by default, by a program with --json.
  const CommandResult human = Admin({"secret", "ls"});
  EXPECT_NE(human.out.find("prod/key/stdin  updated "), std::string::npos) << human.out;
  const nlohmann::json as_object =
      nlohmann::json::parse(Admin({"secret", "ls", "--json"}).out, nullptr, false);
  ASSERT_TRUE(as_object.is_object());
  EXPECT_TRUE(as_object.contains("resources"));
  const CommandResult removed = Admin({"secret", "rm", "kbs:///prod/key/stdin"});
  EXPECT_EQ(removed.exit_code, 0);
  EXPECT_EQ(removed.out, "deleted the secret prod/key/stdin\n");
}

TEST_F(TrusteeKbs, AdminErrorsSayWhatToDo) {
  // An unreachable trustee: exit 2, the URL tried, and how to point elsewhere.
  const CommandResult down = Veil({"secret", "ls", "--url", "http://127.0.0.1:1", "--key",
                                   (*dir_ / "admin/admin.key").string()});
  EXPECT_EQ(down.exit_code, 2);
  EXPECT_NE(down.err.find("http://127.0.0.1:1"), std::string::npos) << down.err;
  EXPECT_NE(down.err.find("--url URL or $VEIL_URL"), std::string::npos) << down.err;
  // A key the trustee does not know: exit 1 and where the trustee takes its admin keys.
  ASSERT_EQ(Veil({"admin", "keygen", "--out", (*dir_ / "stranger").string()}).exit_code, 0);
  const CommandResult stranger = Admin({"secret", "ls"}, "stranger/admin.key");
  EXPECT_EQ(stranger.exit_code, 1);
  EXPECT_NE(stranger.err.find("[admin] public_keys"), std::string::npos) << stranger.err;
  EXPECT_NE(stranger.err.find("the admin key " + (*dir_ / "stranger/admin.key").string()),
            std::string::npos)
      << stranger.err;
  // No key at all: how to make one.
  const CommandResult keyless = Veil({"secret", "ls", "--url", trustee_->url()});
  EXPECT_EQ(keyless.exit_code, 2);
  EXPECT_NE(keyless.err.find("veil admin keygen --out DIR"), std::string::npos) << keyless.err;
}

TEST_F(TrusteeKbs, StateSurvivesARestart) {
  ASSERT_EQ(Admin({"refval", "add", "snp.measurement", std::string(96, 'a'), "--expires",
                   "2099-01-01T00:00:00Z"})
                .exit_code,
            0);
  delete trustee_;
  trustee_ = nullptr;
  // Offline verification of the chain, while the trustee is down.
  const CommandResult offline = Veil({"audit", "verify", "--data-dir", (*dir_ / "data").string()});
  EXPECT_EQ(offline.exit_code, 0) << offline.out << offline.err;
  EXPECT_NE(offline.out.find("refval.append snp.measurement"), std::string::npos) << offline.out;

  StartTrustee();
  KbsGuest guest(trustee_->url());
  ASSERT_EQ(AttestWithTpm(guest).status, 200u);
  const KbsAnswer released = guest.GetResource("prod/key/web");
  ASSERT_EQ(released.status, 200u) << released.raw;
  EXPECT_EQ(guest.Decrypt(released.body).value(), kSecret);
  const CommandResult listed = Admin({"refval", "ls"});
  EXPECT_NE(listed.out.find("snp.measurement"), std::string::npos) << listed.out;
  EXPECT_NE(listed.out.find("tpm.ak"), std::string::npos) << listed.out;
  EXPECT_EQ(Admin({"audit", "verify"}).exit_code, 0);
}

// --- the data directory -------------------------------------------------------------------------

// Issue 11, finding 8: a permissive umask must not open up what the trustee creates.
TEST(TrusteeDataDir, EverythingCreatedOnFirstStartIsPrivateEvenWithUmaskZero) {
  testing::ScratchDir scratch("trustee-fresh");
  const auto data = scratch / "data";
  const mode_t previous = ::umask(0);
  auto trustee = testing::TrusteeProcess::Start(data);
  ::umask(previous);
  ASSERT_TRUE(trustee) << trustee.error().ToString();
  EXPECT_EQ(testing::FileMode(data), 0700u);
  for (const char* file : {"trustee.db", "trustee.db-wal", "trustee.db-shm",
                           "token-signing-key.pem", "key-encryption-key"}) {
    EXPECT_EQ(testing::FileMode(data / file), 0600u) << file;
  }
}

TEST(TrusteeDataDir, ASecondTrusteeOnTheSameDirectoryRefusesToStartNamingTheFirst) {
  testing::ScratchDir scratch("trustee-lock");
  const auto data = scratch / "data";
  auto first = testing::TrusteeProcess::Start(data);
  ASSERT_TRUE(first) << first.error().ToString();
  auto second = testing::TrusteeProcess::Start(data);
  ASSERT_FALSE(second);
  EXPECT_NE(second.error().message.find("another veil-trustee (pid "), std::string::npos)
      << second.error().message;
  EXPECT_NE(second.error().message.find("is using the data directory " + data.string()),
            std::string::npos)
      << second.error().message;
  EXPECT_EQ(testing::FileMode(data / "trustee.lock"), 0600u);
  // The first keeps serving; once it is gone (even killed), the directory is free again.
  KbsGuest guest((*first)->url());
  EXPECT_TRUE(guest.Auth("sample"));
  ASSERT_TRUE((*first)->Kill());
  auto third = testing::TrusteeProcess::Start(data);
  EXPECT_TRUE(third) << third.error().ToString();
}

TEST(TrusteeDataDir, AWorldWritableDirectoryStopsTheStartWithTheChmodToRun) {
  testing::ScratchDir scratch("trustee-open");
  const auto data = scratch / "data";
  std::filesystem::create_directory(data);
  ASSERT_EQ(::chmod(data.c_str(), 0777), 0);
  auto trustee = testing::TrusteeProcess::Start(data);
  ASSERT_FALSE(trustee);
  EXPECT_NE(trustee.error().message.find("data directory: " + data.string() +
                                         " is mode 0777, writable by group or others; expected "
                                         "0700 (run chmod 700 " +
                                         data.string() + ")"),
            std::string::npos)
      << trustee.error().message;
  EXPECT_EQ(testing::FileMode(data), 0777u);
  EXPECT_FALSE(std::filesystem::exists(data / "trustee.db"));
  EXPECT_FALSE(std::filesystem::exists(data / "key-encryption-key"));
}

TEST(TrusteeDataDir, ADatabaseOthersCanReadStopsTheStart) {
  testing::ScratchDir scratch("trustee-db");
  const auto data = scratch / "data";
  {
    auto first = testing::TrusteeProcess::Start(data);
    ASSERT_TRUE(first) << first.error().ToString();
  }
  ASSERT_EQ(::chmod((data / "trustee.db").c_str(), 0644), 0);
  auto again = testing::TrusteeProcess::Start(data);
  ASSERT_FALSE(again);
  EXPECT_NE(again.error().message.find((data / "trustee.db").string() + " is mode 0644"),
            std::string::npos)
      << again.error().message;
  EXPECT_NE(again.error().message.find("run chmod 600 " + (data / "trustee.db").string()),
            std::string::npos);
}

}  // namespace
}  // namespace veil
