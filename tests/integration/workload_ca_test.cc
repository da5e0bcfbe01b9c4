// The workload CA end to end, as separate processes: a guest attests (CoCo sample evidence under
// an attestation policy that accepts it), makes its key and CSR with the `openssl` command line,
// and receives a certificate for the names the identity policy allows; the owner lists, revokes
// and rotates with the `veil` CLI; `openssl verify -crl_check` judges the certificates against
// the published CA bundle and CRL.

#include <gtest/gtest.h>

#include <fstream>

#include "kbs_guest.h"
#include "veil/base/base64.h"
#include "veil/base/rfc3339.h"
#include "veil/http/client/client.h"
#include "veil/testing/command.h"
#include "veil/testing/trustee_process.h"

namespace veil {
namespace {

using testing::CommandResult;
using testing::KbsAnswer;
using testing::KbsGuest;

const std::string kProblemPrefix = "https://github.com/confidential-containers/kbs/errors/";

constexpr std::string_view kAllowSample = R"yaml(id: allow-sample-for-test
rules:
  - name: sample-allowed
    tee: [sample]
    check: {always: true}
    pass: {hardware: 2}
)yaml";

constexpr std::string_view kIdentityPolicy = R"yaml(id: web-identities
rules:
  - name: web
    names: ["uri:spiffe://veil.example/web/*", "dns:web.local"]
    allow_if:
      - {claim: status, equals: affirming}
      - {claim: tee, equals: sample}
default: deny
)yaml";

class WorkloadCa : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new std::filesystem::path(std::filesystem::path(::testing::TempDir()) /
                                     ("veil-workload-ca-" + std::to_string(getpid())));
    std::filesystem::remove_all(*dir_);
    std::filesystem::create_directories(*dir_);
    ASSERT_EQ(Veil({"admin", "keygen", "--out", (*dir_ / "admin").string()}).exit_code, 0);
    const std::string config = WriteFile("trustee.toml",
                                         "[workload_ca]\n"
                                         "certificate_ttl = \"2h\"\n"
                                         "public_url = \"https://trustee.example\"\n");
    auto trustee = testing::TrusteeProcess::Start(
        *dir_ / "data",
        {"--config", config, "--admin-key", (*dir_ / "admin" / "admin.pub").string()});
    ASSERT_TRUE(trustee) << trustee.error().ToString();
    trustee_ = std::move(*trustee).release();
    const CommandResult defaults = Admin({"policy", "get", "attestation"});
    ASSERT_EQ(defaults.exit_code, 0) << defaults.err;
    ASSERT_NE(defaults.out.find("(built-in default)"), std::string::npos) << defaults.out;
    WriteFile("default-attestation.yaml", defaults.out);
    WriteFile("allow-sample.yaml", kAllowSample);
    const CommandResult identity =
        Admin({"policy", "set", "identity", WriteFile("identity.yaml", kIdentityPolicy)});
    ASSERT_EQ(identity.exit_code, 0) << identity.out << identity.err;
  }

  static void TearDownTestSuite() {
    delete trustee_;
    std::filesystem::remove_all(*dir_);
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

  static std::string WriteFile(const std::string& name, std::string_view content) {
    const std::string path = (*dir_ / name).string();
    std::ofstream(path, std::ios::binary) << content;
    return path;
  }

  static std::string Path(const std::string& name) { return (*dir_ / name).string(); }

  // A token for sample evidence: affirming when the attestation policy accepts the sample TEE
  // (`accepted`), contraindicated under the built-in default.
  static std::string SampleToken(bool accepted) {
    const CommandResult set =
        Admin({"policy", "set", "attestation",
               Path(accepted ? "allow-sample.yaml" : "default-attestation.yaml")});
    EXPECT_EQ(set.exit_code, 0) << set.out << set.err;
    KbsGuest guest(trustee_->url());
    const std::string nonce = guest.Auth("sample").value();
    const nlohmann::json evidence{{"svn", "1"},
                                  {"report_data", Base64Encode(guest.ReportData(nonce).value())}};
    const KbsAnswer attested = guest.Attest(guest.AttestBody(nonce, evidence));
    EXPECT_EQ(attested.status, 200u) << attested.raw;
    return attested.body.value("token", "");
  }

  // An EC P-256 key (NAME.key) and a CSR (NAME.csr) for `sans` ("URI:spiffe://…,DNS:…"), made
  // by the openssl command line.
  static std::string MakeCsr(const std::string& name, const std::string& sans) {
    const CommandResult made = testing::RunCommand(
        {"openssl", "req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
         "-keyout", Path(name + ".key"), "-out", Path(name + ".csr"), "-subj", "/CN=" + name,
         "-addext", "subjectAltName=" + sans});
    EXPECT_EQ(made.exit_code, 0) << made.err;
    std::ifstream file(Path(name + ".csr"));
    return std::string(std::istreambuf_iterator<char>(file), {});
  }

  static http::ClientResponse Post(const std::string& path, const std::string& body,
                                   const std::string& bearer = "") {
    http::ClientRequest request{.method = "POST", .url = trustee_->url() + path, .body = body};
    request.headers.Add("Content-Type", "application/json");
    if (!bearer.empty()) request.headers.Add("Authorization", "Bearer " + bearer);
    return http::Send(request).value();
  }

  static http::ClientResponse Get(const std::string& path) {
    return http::Send({.url = trustee_->url() + path}).value();
  }

  static http::ClientResponse Issue(const std::string& csr, const std::string& token) {
    return Post("/veil/v0/workload/certificate", nlohmann::json{{"csr", csr}}.dump(), token);
  }

  static void ExpectProblem(const http::ClientResponse& answer, unsigned status,
                            const std::string& variant, const std::string& detail_part) {
    EXPECT_EQ(answer.status, status) << answer.body;
    const auto body = nlohmann::json::parse(answer.body, nullptr, false);
    ASSERT_TRUE(body.is_object()) << answer.body;
    EXPECT_EQ(body.value("type", ""), kProblemPrefix + variant) << answer.body;
    EXPECT_NE(body.value("detail", "").find(detail_part), std::string::npos) << answer.body;
  }

  // openssl verify of `certificate` against the published CA bundle and CRLs, fetched now.
  static CommandResult Verify(const std::string& certificate) {
    EXPECT_EQ(Admin({"ca", "crl", "--out", Path("crl.pem")}).exit_code, 0);
    std::ofstream(Path("ca.pem")) << Get("/veil/v0/workload/ca").body;
    return testing::RunCommand({"openssl", "verify", "-crl_check", "-CRLfile", Path("crl.pem"),
                                "-CAfile", Path("ca.pem"), certificate});
  }

  static std::filesystem::path* dir_;
  static testing::TrusteeProcess* trustee_;
};

std::filesystem::path* WorkloadCa::dir_ = nullptr;
testing::TrusteeProcess* WorkloadCa::trustee_ = nullptr;

TEST_F(WorkloadCa, IssuesToAnAttestedTeeAndARevokedCertificateFailsTheCrlCheck) {
  const std::string token = SampleToken(true);
  const auto first =
      Issue(MakeCsr("first", "URI:spiffe://veil.example/web/frontend,DNS:web.local"), token);
  ASSERT_EQ(first.status, 200u) << first.body << trustee_->Log();
  const auto issued = nlohmann::json::parse(first.body);
  for (const char* member :
       {"certificate", "ca_certificates", "serial", "not_after", "attestation_digest"}) {
    EXPECT_TRUE(issued.contains(member)) << member;
  }
  ASSERT_EQ(issued["ca_certificates"].size(), 1u);
  WriteFile("first.crt", issued["certificate"].get<std::string>());
  const CommandResult text =
      testing::RunCommand({"openssl", "x509", "-in", Path("first.crt"), "-noout", "-text"});
  EXPECT_NE(text.out.find("URI:spiffe://veil.example/web/frontend"), std::string::npos) << text.out;
  EXPECT_NE(text.out.find("TLS Web Server Authentication, TLS Web Client Authentication"),
            std::string::npos);
  EXPECT_NE(text.out.find("https://trustee.example/veil/v0/workload/crl"), std::string::npos);
  EXPECT_NE(text.out.find("2.25.111604575006448392241121887929323901935"), std::string::npos);

  const CommandResult good = Verify(Path("first.crt"));
  EXPECT_EQ(good.exit_code, 0) << good.out << good.err;
  // After its notAfter (2 h: [workload_ca] certificate_ttl) it no longer verifies.
  const TimePoint not_after = ParseRfc3339(issued["not_after"].get<std::string>()).value();
  const std::string later = std::to_string(
      std::chrono::duration_cast<std::chrono::seconds>(not_after.time_since_epoch()).count() + 60);
  const CommandResult expired = testing::RunCommand(
      {"openssl", "verify", "-attime", later, "-CAfile", Path("ca.pem"), Path("first.crt")});
  EXPECT_NE(expired.exit_code, 0) << expired.out;
  EXPECT_NE((expired.out + expired.err).find("certificate has expired"), std::string::npos)
      << expired.out << expired.err;

  // A second certificate, revoked: it fails the CRL check, the first still passes.
  const auto second = Issue(MakeCsr("second", "URI:spiffe://veil.example/web/backend"), token);
  ASSERT_EQ(second.status, 200u) << second.body;
  const std::string serial = nlohmann::json::parse(second.body)["serial"];
  WriteFile("second.crt", nlohmann::json::parse(second.body)["certificate"].get<std::string>());
  EXPECT_EQ(Verify(Path("second.crt")).exit_code, 0);
  const CommandResult revoked = Admin({"ca", "revoke", serial, "--reason", "keyCompromise"});
  ASSERT_EQ(revoked.exit_code, 0) << revoked.out << revoked.err;
  EXPECT_NE(revoked.out.find(serial), std::string::npos);
  const CommandResult refused = Verify(Path("second.crt"));
  EXPECT_NE(refused.exit_code, 0) << refused.out;
  EXPECT_NE((refused.out + refused.err).find("certificate revoked"), std::string::npos)
      << refused.out << refused.err;
  EXPECT_EQ(Verify(Path("first.crt")).exit_code, 0);

  // The status query and the attestation the certificate names.
  const auto status = nlohmann::json::parse(Get("/veil/v0/workload/certificates/" + serial).body);
  EXPECT_EQ(status["status"], "revoked");
  EXPECT_EQ(status["reason"], "keyCompromise");
  EXPECT_EQ(Get("/veil/v0/workload/certificates/7fffffffffffffff").status, 404u);
  const auto attested =
      Get("/veil/v0/workload/attestations/" + issued["attestation_digest"].get<std::string>());
  ASSERT_EQ(attested.status, 200u) << attested.body;
  EXPECT_EQ(nlohmann::json::parse(attested.body)["claims"]["submods"]["cpu0"]["ear.status"],
            "affirming");
  const CommandResult listed = Admin({"ca", "certs"});
  EXPECT_NE(listed.out.find(serial + "  revoked"), std::string::npos) << listed.out;
}

TEST_F(WorkloadCa, RefusalsAreExplainedAndAudited) {
  const std::string csr = MakeCsr("refused", "URI:spiffe://veil.example/db/main");
  // No attestation: 401.
  ExpectProblem(Post("/veil/v0/workload/certificate", nlohmann::json{{"csr", csr}}.dump()), 401,
                "TokenNotFound", "no attestation");
  const std::string token = SampleToken(true);
  // A name the identity policy does not allow: 403 naming it and the rule.
  ExpectProblem(Issue(csr, token), 403, "PolicyDeny", "uri:spiffe://veil.example/db/main");
  // A bad CSR: 400.
  ExpectProblem(Issue("-----BEGIN CERTIFICATE REQUEST-----\nAAAA\n-----END CERTIFICATE "
                      "REQUEST-----\n",
                      token),
                400, "BadRequest", "");
  ExpectProblem(Post("/veil/v0/workload/certificate", "{}", token), 400, "BadRequest", "csr");
  // Renewal with a re-attestation the attestation policy refuses (the built-in default: the
  // sample TEE is contraindicated): 403 naming the rule.
  const std::string failed = SampleToken(false);
  ExpectProblem(Issue(MakeCsr("renew", "URI:spiffe://veil.example/web/frontend"), failed), 403,
                "PolicyDeny", "web");
  const CommandResult audit = Admin({"audit", "verify"});
  EXPECT_EQ(audit.exit_code, 0) << audit.out << audit.err;
  EXPECT_NE(audit.out.find("certificate.deny"), std::string::npos) << audit.out;
  // The refused name is the entry's subject.
  EXPECT_NE(audit.out.find("certificate.deny uri:spiffe://veil.example/db/main"), std::string::npos)
      << audit.out;
}

TEST_F(WorkloadCa, RotationKeepsTheOldCaPublishedForTheOverlap) {
  const std::string token = SampleToken(true);
  const auto before = Issue(MakeCsr("before", "DNS:web.local"), token);
  ASSERT_EQ(before.status, 200u) << before.body;
  WriteFile("before.crt", nlohmann::json::parse(before.body)["certificate"].get<std::string>());
  const CommandResult short_overlap = Admin({"ca", "rotate", "--overlap", "1h"});
  EXPECT_EQ(short_overlap.exit_code, 1) << short_overlap.out << short_overlap.err;
  const CommandResult rotated = Admin({"ca", "rotate", "--overlap", "3h"});
  ASSERT_EQ(rotated.exit_code, 0) << rotated.out << rotated.err;
  const CommandResult shown = Admin({"ca", "show"});
  EXPECT_NE(shown.out.find("current CA"), std::string::npos) << shown.out;
  EXPECT_NE(shown.out.find("retired CA"), std::string::npos) << shown.out;
  const auto after = Issue(MakeCsr("after", "DNS:web.local"), token);
  ASSERT_EQ(after.status, 200u) << after.body;
  EXPECT_EQ(nlohmann::json::parse(after.body)["ca_certificates"].size(), 2u);
  WriteFile("after.crt", nlohmann::json::parse(after.body)["certificate"].get<std::string>());
  // Both verify against the published bundle and CRLs.
  const CommandResult old_ok = Verify(Path("before.crt"));
  EXPECT_EQ(old_ok.exit_code, 0) << old_ok.out << old_ok.err;
  const CommandResult new_ok = Verify(Path("after.crt"));
  EXPECT_EQ(new_ok.exit_code, 0) << new_ok.out << new_ok.err;
}

}  // namespace
}  // namespace veil
