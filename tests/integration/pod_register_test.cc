// `veil pod seal --register` end to end, as separate processes: the owner seals the shop example
// for coco-dev and registers it with a running veil-trustee; the trustee then holds each pod's
// init-data digest, with provenance, as the reference value of each resource the pod receives,
// and a CoCo-style guest (sample evidence, which the test's attestation policy allows explicitly)
// receives a secret only when the init-data it presents is the registered one of a pod that
// receives that secret. Every refusal names the init-data reference value.

#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include <fstream>

#include "kbs_guest.h"
#include "veil/base/base64.h"
#include "veil/base/file.h"
#include "veil/base/hex.h"
#include "veil/crypto/digest.h"
#include "veil/initdata/annotation.h"
#include "veil/testing/command.h"
#include "veil/testing/scratch_dir.h"
#include "veil/testing/trustee_process.h"

namespace veil {
namespace {

namespace fs = std::filesystem;
using testing::CommandResult;
using testing::KbsAnswer;
using testing::KbsGuest;

const fs::path kShop = fs::path(VEIL_EXAMPLES_DIR) / "kubernetes/shop";
constexpr const char* kDbSecret = "the shop database password";
constexpr std::string_view kAnnotation = "io.katacontainers.config.hypervisor.cc_init_data";
const std::string kProblemPrefix = "https://github.com/confidential-containers/kbs/errors/";

class PodRegister : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new testing::ScratchDir("pod-register");
    ASSERT_EQ(Veil({"admin", "keygen", "--out", Path("admin")}).exit_code, 0);
    // Sealing and registering twice sends a dozen admin requests in a row.
    const std::string config = WriteFile("trustee.toml",
                                         "[admin]\n"
                                         "rate_per_second = 1000\n"
                                         "rate_burst = 1000\n");
    auto trustee = testing::TrusteeProcess::Start(
        dir_->path() / "data", {"--config", config, "--admin-key", Path("admin/admin.pub")});
    ASSERT_TRUE(trustee) << trustee.error().ToString();
    trustee_ = std::move(*trustee).release();
    ASSERT_EQ(Admin({"secret", "put", "shop/key/db", WriteFile("db.txt", kDbSecret)}).exit_code, 0);
    ASSERT_EQ(
        Admin({"secret", "put", "shop/key/report-signing", WriteFile("sig.txt", "sig")}).exit_code,
        0);
    // CoCo's sample evidence is contraindicated by default; a developer allows it explicitly.
    const std::string policy = WriteFile("allow-sample.yaml",
                                         "id: allow-sample-for-dev\n"
                                         "rules:\n"
                                         "  - name: sample-allowed\n"
                                         "    tee: [sample]\n"
                                         "    check: {always: true}\n"
                                         "    pass: {hardware: 2}\n");
    ASSERT_EQ(Admin({"policy", "set", "attestation", policy}).exit_code, 0);
  }

  static void TearDownTestSuite() {
    delete trustee_;
    delete dir_;
  }

  static std::string Path(const std::string& name) { return (dir_->path() / name).string(); }

  static CommandResult Veil(std::vector<std::string> args) {
    args.insert(args.begin(), testing::BuiltBinary("veil"));
    return testing::RunCommand(args);
  }

  static std::vector<std::string> Connection() {
    return {"--url", trustee_->url(), "--key", Path("admin/admin.key")};
  }

  static CommandResult Admin(std::vector<std::string> args) {
    for (std::string& option : Connection()) args.push_back(std::move(option));
    return Veil(args);
  }

  static std::string WriteFile(const std::string& name, const std::string& content) {
    std::ofstream(Path(name), std::ios::binary) << content;
    return Path(name);
  }

  // `veil pod seal` on the shop example for coco-dev, its output in OUT.
  static CommandResult Seal(const std::string& out, const std::string& trustee,
                            std::vector<std::string> extra = {}) {
    std::vector<std::string> args = {"pod",   "seal",     (kShop / "app.yaml").string(),
                                     "--tee", "coco-dev", "--trustee",
                                     trustee, "--out",    Path(out)};
    args.insert(args.end(), extra.begin(), extra.end());
    return Veil(args);
  }

  // The init-data TOML of document `index` (1: the Deployment, 3: the CronJob) of a sealed shop.
  static std::string InitDataOf(const std::string& out, std::size_t index) {
    const std::vector<YAML::Node> documents =
        YAML::LoadAll(ReadFileText(dir_->path() / out / "app.yaml").value());
    YAML::Node pod = documents.at(index)["spec"];
    pod = index == 3 ? pod["jobTemplate"]["spec"]["template"] : pod["template"];
    return initdata::DecodeAnnotation(
               pod["metadata"]["annotations"][std::string(kAnnotation)].as<std::string>())
        .value();
  }

  // A sample-evidence guest that presents `init_data` and asks for `resource`.
  static KbsAnswer Fetch(const std::string& init_data, const std::string& resource) {
    KbsGuest guest(trustee_->url());
    const std::string nonce = guest.Auth("sample").value();
    const nlohmann::json evidence = {
        {"svn", "1"}, {"report_data", Base64Encode(guest.ReportData(nonce).value())}};
    const KbsAnswer attested = guest.Attest(guest.AttestBody(nonce, evidence, init_data));
    EXPECT_EQ(attested.status, 200u) << attested.raw;
    KbsAnswer answer = guest.GetResource(resource);
    if (answer.status == 200) answer.raw = guest.Decrypt(answer.body).value_or("(undecryptable)");
    return answer;
  }

  static void ExpectRefusal(const KbsAnswer& answer, const std::string& detail_part) {
    EXPECT_EQ(answer.status, 401u) << answer.raw;
    ASSERT_TRUE(answer.body.is_object()) << answer.raw;
    EXPECT_EQ(answer.body.value("type", ""), kProblemPrefix + "PolicyDeny") << answer.raw;
    EXPECT_NE(answer.body.value("detail", "").find(detail_part), std::string::npos) << answer.raw;
  }

  // The values and provenance of NAME in `veil refval ls`.
  static std::vector<std::pair<std::string, std::string>> RefvalsNamed(const std::string& name) {
    const CommandResult listed = Admin({"refval", "ls"});
    EXPECT_EQ(listed.exit_code, 0) << listed.err;
    std::vector<std::pair<std::string, std::string>> found;
    for (const nlohmann::json& entry : nlohmann::json::parse(listed.out)) {
      if (entry["name"] != name) continue;
      for (const nlohmann::json& value : entry["values"])
        found.emplace_back(value.get<std::string>(), entry.value("provenance", ""));
    }
    return found;
  }

  static inline testing::ScratchDir* dir_ = nullptr;
  static inline testing::TrusteeProcess* trustee_ = nullptr;
};

TEST_F(PodRegister, RegisteredInitDataGetsThePodsSecretAndNothingElseDoes) {
  const std::string trustee = "http://trustee.shop.example:8080";
  std::vector<std::string> registering = {"--register"};
  for (std::string& option : Connection()) registering.push_back(std::move(option));
  const CommandResult sealed = Seal("sealed", trustee, registering);
  ASSERT_EQ(sealed.exit_code, 0) << sealed.err;
  const std::string web = InitDataOf("sealed", 1);
  const std::string report = InitDataOf("sealed", 3);
  const std::string web_digest = HexEncode(crypto::Sha256(AsBytes(web)));
  const std::string report_digest = HexEncode(crypto::Sha256(AsBytes(report)));
  ASSERT_NE(web_digest, report_digest);
  const std::string manifest = (kShop / "app.yaml").string();
  EXPECT_NE(sealed.out.find("registered init-data.shop.key.db " + web_digest + " (veil pod seal: " +
                            manifest + ": Deployment/shop-web (no namespace in the manifest))\n"),
            std::string::npos)
      << sealed.out;
  EXPECT_NE(sealed.out.find("resource policy default-resource: now releases shop/key/db, "
                            "shop/key/report-signing only to registered init-data\n"),
            std::string::npos)
      << sealed.out;

  // The trustee holds both pods' values for the shared secret, the CronJob's alone for its own.
  const std::vector<std::pair<std::string, std::string>> db = {
      {web_digest,
       "veil pod seal: " + manifest + ": Deployment/shop-web (no namespace in the manifest)"},
      {report_digest, "veil pod seal: " + manifest +
                          ": CronJob/shop-nightly-report (no namespace in the manifest)"}};
  EXPECT_EQ(RefvalsNamed("init-data.shop.key.db"), db);
  ASSERT_EQ(RefvalsNamed("init-data.shop.key.report-signing").size(), 1u);
  EXPECT_EQ(RefvalsNamed("init-data.shop.key.report-signing")[0].first, report_digest);

  // Registering again changes nothing: no value twice, the policy left as it is.
  const CommandResult again = Seal("sealed", trustee, registering);
  ASSERT_EQ(again.exit_code, 0) << again.err;
  EXPECT_NE(again.out.find("resource policy default-resource: already releases"), std::string::npos)
      << again.out;
  EXPECT_EQ(RefvalsNamed("init-data.shop.key.db"), db);
  const CommandResult policy = Admin({"policy", "get", "resource"});
  ASSERT_EQ(policy.exit_code, 0) << policy.err;
  EXPECT_EQ(policy.out.find("(built-in default)"), std::string::npos) << policy.out;
  EXPECT_NE(policy.out.find("\"affirming-only\""), std::string::npos) << policy.out;

  // The pod's own init-data gets its secret.
  const KbsAnswer web_db = Fetch(web, "shop/key/db");
  EXPECT_EQ(web_db.status, 200u) << web_db.raw;
  EXPECT_EQ(web_db.raw, kDbSecret);
  EXPECT_EQ(Fetch(report, "shop/key/db").status, 200u);
  EXPECT_EQ(Fetch(report, "shop/key/report-signing").status, 200u);
  // The web pod does not receive the report's signing key.
  ExpectRefusal(Fetch(web, "shop/key/report-signing"),
                "claim init_data expected one of reference values "
                "init-data.shop.key.report-signing");
  // Another init-data (the same pods sealed for another trustee URL) is refused, and so is a
  // guest that presents none.
  ASSERT_EQ(Seal("elsewhere", "http://other.example:8080").exit_code, 0);
  const std::string other = InitDataOf("elsewhere", 1);
  ExpectRefusal(Fetch(other, "shop/key/db"),
                "rule init-data shop/key/db: claim init_data expected one of reference values "
                "init-data.shop.key.db");
  EXPECT_NE(Fetch(other, "shop/key/db").raw.find(HexEncode(crypto::Sha256(AsBytes(other)))),
            std::string::npos);
}

TEST_F(PodRegister, WithoutRegisterItPrintsTheCommandsAndRefusesWhatItCannotRegister) {
  const CommandResult printed =
      Seal("printed", "http://trustee.shop.example:8080", {"--resource", "kbs:///shop/key/extra"});
  ASSERT_EQ(printed.exit_code, 0) << printed.err;
  const std::string digest = HexEncode(crypto::Sha256(AsBytes(InitDataOf("printed", 1))));
  EXPECT_NE(printed.out.find("  veil refval add init-data.shop.key.extra " + digest +
                             " --provenance 'veil pod seal: "),
            std::string::npos)
      << printed.out;
  EXPECT_NE(printed.out.find("\"in_reference\":\"init-data.shop.key.extra\""), std::string::npos)
      << printed.out;

  // --register needs the admin key, and is refused before anything is written.
  std::vector<std::string> args = {"pod",        "seal",     (kShop / "app.yaml").string(),
                                   "--tee",      "coco-dev", "--trustee",
                                   "http://t",   "--out",    Path("unwritten"),
                                   "--register", "--url",    trustee_->url()};
  const CommandResult keyless = Veil(args);
  EXPECT_EQ(keyless.exit_code, 2) << keyless.err;
  EXPECT_NE(keyless.err.find("--key ADMIN_PRIVATE_KEY"), std::string::npos) << keyless.err;
  EXPECT_FALSE(fs::exists(dir_->path() / "unwritten"));
  // A malformed --resource is a usage error.
  const CommandResult bad = Seal("bad", "http://t", {"--resource", "https://x/a/b/c"});
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.err.find("--resource"), std::string::npos) << bad.err;
}

// --runtime veil-agent on a TPM: the value registered is the PCR 23 value veil-agent's
// measurement leaves, which `veil pod seal` printed, under the veil-agent-pcr23. name; the rule
// compares the TPM quote's PCR 23 with it.
TEST_F(PodRegister, AgentPodsRegisterTheirPcr) {
  const fs::path edge = fs::path(VEIL_EXAMPLES_DIR) / "kubernetes/edge";
  std::vector<std::string> args = {"pod",       "seal",       (edge / "app.yaml").string(),
                                   "--runtime", "veil-agent", "--tee",
                                   "tpm",       "--trustee",  "https://trustee.edge.example:8443",
                                   "--out",     Path("edge"), "--register"};
  for (std::string& option : Connection()) args.push_back(std::move(option));
  const CommandResult sealed = Veil(args);
  ASSERT_EQ(sealed.exit_code, 0) << sealed.err;
  const std::size_t at = sealed.out.find("veil-agent tpm.pcrs.sha256.23 ");
  ASSERT_NE(at, std::string::npos) << sealed.out;
  const std::string pcr = sealed.out.substr(at + 30, 64);
  const auto values = RefvalsNamed("veil-agent-pcr23.edge.key.upstream-token");
  ASSERT_EQ(values.size(), 1u);
  EXPECT_EQ(values[0].first, pcr);
  EXPECT_EQ(values[0].second, "veil pod seal: " + (edge / "app.yaml").string() +
                                  ": DaemonSet/gateway container gateway (namespace edge)");
  const CommandResult policy = Admin({"policy", "get", "resource"});
  ASSERT_EQ(policy.exit_code, 0) << policy.err;
  EXPECT_NE(policy.out.find("\"claims.pcrs.sha256.23\""), std::string::npos) << policy.out;
  EXPECT_NE(policy.out.find("\"veil-agent edge/key/upstream-token\""), std::string::npos)
      << policy.out;
}

}  // namespace
}  // namespace veil
