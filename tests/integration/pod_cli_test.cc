// `veil pod seal` as an owner runs it: the built binary on examples/kubernetes/shop, whose sealed
// output and printed reference values are checked in, so this test regenerates and compares them;
// the output is read back with yaml-cpp and, where kubectl is installed, with `kubectl kustomize`
// (offline: it needs no cluster).

#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include <cstdlib>
#include <fstream>

#include "veil/base/file.h"
#include "veil/base/hex.h"
#include "veil/crypto/digest.h"
#include "veil/initdata/annotation.h"
#include "veil/testing/command.h"
#include "veil/testing/scratch_dir.h"

namespace veil::kubernetes {
namespace {

namespace fs = std::filesystem;
using testing::CommandResult;

const fs::path kShop = fs::path(VEIL_EXAMPLES_DIR) / "kubernetes/shop";
constexpr const char* kTrustee = "https://trustee.shop.example:8080";
constexpr std::string_view kAnnotation = "io.katacontainers.config.hypervisor.cc_init_data";

CommandResult Veil(std::vector<std::string> args) {
  args.insert(args.begin(), testing::BuiltBinary("veil"));
  return testing::RunCommand(args);
}

std::vector<std::string> SealShop(const std::string& tee) {
  return {"pod", "seal",         (kShop / "app.yaml").string(),      "--trustee", kTrustee, "--tee",
          tee,   "--trustee-ca", (kShop / "trustee-ca.pem").string()};
}

std::string Read(const fs::path& path) { return ReadFileText(path).value(); }

std::string Replace(std::string text, const std::string& from, const std::string& to) {
  for (std::size_t pos = text.find(from); pos != std::string::npos; pos = text.find(from, pos)) {
    text.replace(pos, from.size(), to);
    pos += to.size();
  }
  return text;
}

// The pod of the Deployment (document 2) and of the CronJob (document 4) of the shop manifest.
std::vector<YAML::Node> ShopPods(const std::string& yaml) {
  const std::vector<YAML::Node> documents = YAML::LoadAll(yaml);
  EXPECT_EQ(documents.size(), 4u);
  if (documents.size() != 4) return {};
  return {documents[1]["spec"]["template"],
          documents[3]["spec"]["jobTemplate"]["spec"]["template"]};
}

TEST(PodSeal, RegeneratesTheCheckedInExample) {
  testing::ScratchDir out("pod-seal");
  std::vector<std::string> args = SealShop("snp");
  args.insert(args.end(), {"--out", out.path().string()});
  const CommandResult seal = Veil(args);
  ASSERT_EQ(seal.exit_code, 0) << seal.err;
  EXPECT_EQ(Read(out.path() / "app.yaml"), Read(kShop / "sealed/app.yaml"))
      << "regenerate with the command in examples/kubernetes/README.md";
  EXPECT_EQ(Replace(seal.out, kShop.string() + "/", ""), Read(kShop / "reference-values.txt"));
  // The web container gives args but no command: sealing says its entrypoint is not pinned.
  EXPECT_NE(seal.err.find("container web sets no command"), std::string::npos) << seal.err;
  EXPECT_EQ(seal.err.find("container report"), std::string::npos) << seal.err;
}

TEST(PodSeal, OutputParsesAndCarriesTheDigestItPrints) {
  const CommandResult seal = Veil(SealShop("snp"));
  ASSERT_EQ(seal.exit_code, 0) << seal.err;
  for (const YAML::Node& pod : ShopPods(seal.out)) {
    EXPECT_EQ(pod["spec"]["runtimeClassName"].as<std::string>(), "kata-qemu-snp");
    const std::string toml =
        initdata::DecodeAnnotation(
            pod["metadata"]["annotations"][std::string(kAnnotation)].as<std::string>())
            .value();
    EXPECT_NE(toml.find(std::string("url = \"") + kTrustee + "\""), std::string::npos);
    const std::string digest = HexEncode(crypto::Sha256(AsBytes(toml)));
    EXPECT_NE(seal.err.find("HOST_DATA " + digest + "\n"), std::string::npos) << seal.err;
  }
  // The ConfigMap's and the Service's text pass through, comments and all.
  EXPECT_NE(seal.out.find("  LISTEN_PORT: \"8080\"   # a string, as Kubernetes requires\n"),
            std::string::npos);

  const CommandResult which = testing::RunCommand({"sh", "-c", "command -v kubectl"});
  if (which.exit_code == 0) {  // kubectl is optional; yaml-cpp above always reads the output
    testing::ScratchDir kustomization("pod-kustomize");
    std::ofstream(kustomization.path() / "app.yaml") << seal.out;
    std::ofstream(kustomization.path() / "kustomization.yaml") << "resources:\n- app.yaml\n";
    const CommandResult kustomize =
        testing::RunCommand({"kubectl", "kustomize", kustomization.path().string()});
    ASSERT_EQ(kustomize.exit_code, 0) << kustomize.err;
    EXPECT_EQ(ShopPods(kustomize.out).size(), 2u);
    EXPECT_NE(kustomize.out.find(std::string(kAnnotation)), std::string::npos);
  }
}

TEST(PodSeal, ResealingTheSealedExampleChangesNothing) {
  std::vector<std::string> args = SealShop("snp");
  args[2] = (kShop / "sealed/app.yaml").string();
  const CommandResult seal = Veil(args);
  ASSERT_EQ(seal.exit_code, 0) << seal.err;
  EXPECT_EQ(seal.out, Read(kShop / "sealed/app.yaml"));
}

TEST(PodSeal, TdxAndCocoDevUseTheirRuntimeClassAndField) {
  const CommandResult tdx = Veil(SealShop("tdx"));
  ASSERT_EQ(tdx.exit_code, 0) << tdx.err;
  for (const YAML::Node& pod : ShopPods(tdx.out)) {
    EXPECT_EQ(pod["spec"]["runtimeClassName"].as<std::string>(), "kata-qemu-tdx");
    const std::string toml =
        initdata::DecodeAnnotation(
            pod["metadata"]["annotations"][std::string(kAnnotation)].as<std::string>())
            .value();
    EXPECT_NE(toml.find("algorithm = \"sha384\""), std::string::npos);
    const std::string digest = HexEncode(crypto::Sha384(AsBytes(toml)));
    EXPECT_NE(tdx.err.find("init-data sha384 " + digest + "; MRCONFIGID " + digest + "\n"),
              std::string::npos)
        << tdx.err;
  }
  std::vector<std::string> args = SealShop("coco-dev");
  args.insert(args.end(), {"--runtime-class", "my-kata"});
  const CommandResult dev = Veil(args);
  ASSERT_EQ(dev.exit_code, 0) << dev.err;
  EXPECT_NE(dev.err.find("(coco-dev: no TEE field binds it)"), std::string::npos) << dev.err;
  for (const YAML::Node& pod : ShopPods(dev.out)) {
    EXPECT_EQ(pod["spec"]["runtimeClassName"].as<std::string>(), "my-kata");
  }
}

TEST(PodSeal, GivenPolicyIsTheOneInTheInitData) {
  testing::ScratchDir dir("pod-policy");
  const std::string policy = "package agent_policy\n\ndefault ExecProcessRequest := false\n";
  std::ofstream(dir.path() / "policy.rego") << policy;
  std::vector<std::string> args = SealShop("snp");
  args.insert(args.end(), {"--policy", (dir.path() / "policy.rego").string()});
  const CommandResult seal = Veil(args);
  ASSERT_EQ(seal.exit_code, 0) << seal.err;
  // The owner's policy replaces the generated ones: no warning about unpinned entrypoints.
  EXPECT_EQ(seal.err.find("sets no command"), std::string::npos) << seal.err;
  const std::vector<YAML::Node> pods = ShopPods(seal.out);
  ASSERT_FALSE(pods.empty());
  const std::string toml =
      initdata::DecodeAnnotation(
          pods[0]["metadata"]["annotations"][std::string(kAnnotation)].as<std::string>())
          .value();
  EXPECT_NE(toml.find("\"policy.rego\" = '''\n" + policy + "'''"), std::string::npos) << toml;
}

TEST(PodSeal, RefusalsAndTheirExitCodes) {
  testing::ScratchDir dir("pod-refuse");
  std::ofstream(dir.path() / "broken.yaml") << "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\n";
  std::ofstream(dir.path() / "not-a-cert.pem") << "hello\n";
  const std::string manifest = (kShop / "app.yaml").string();

  const CommandResult broken = Veil({"pod", "seal", (dir.path() / "broken.yaml").string(),
                                     "--trustee", kTrustee, "--tee", "snp"});
  EXPECT_EQ(broken.exit_code, 2);
  EXPECT_NE(broken.err.find("spec is not a mapping"), std::string::npos) << broken.err;

  EXPECT_EQ(Veil({"pod", "seal", manifest, "--trustee", kTrustee, "--tee", "sev"}).exit_code, 2);
  EXPECT_EQ(Veil({"pod", "seal", manifest, "--trustee", "trustee:8080", "--tee", "snp"}).exit_code,
            2);
  const CommandResult cert = Veil({"pod", "seal", manifest, "--trustee", kTrustee, "--tee", "snp",
                                   "--trustee-ca", (dir.path() / "not-a-cert.pem").string()});
  EXPECT_EQ(cert.exit_code, 2) << cert.err;
  const CommandResult overwrite = Veil(
      {"pod", "seal", manifest, "--trustee", kTrustee, "--tee", "snp", "--out", kShop.string()});
  EXPECT_EQ(overwrite.exit_code, 2);
  EXPECT_NE(overwrite.err.find("would overwrite the input"), std::string::npos) << overwrite.err;

  const CommandResult help = Veil({"pod", "seal", "--help"});
  EXPECT_EQ(help.exit_code, 0);
  for (const char* option : {"--trustee", "--tee", "--trustee-ca", "--policy", "--pin-images",
                             "--out", "--runtime-class", "--resource", "--register", "--url",
                             "--key", "--runtime", "--agent-path"}) {
    EXPECT_NE(help.out.find(option), std::string::npos) << option;
  }
}

// The checked-in sealed example explained: each sealed pod's generated policy, read back from the
// init-data its annotation carries, in the words of the shop manifest.
TEST(PodPolicyExplain, ExplainsEachSealedPodOfTheExample) {
  const CommandResult explain =
      Veil({"pod", "policy", "explain", (kShop / "sealed/app.yaml").string()});
  ASSERT_EQ(explain.exit_code, 0) << explain.err;
  for (const char* line :
       {"Deployment/shop-web:\n", "CronJob/shop-nightly-report:\n",
        "  ExecProcessRequest: denied unless", "    image: ghcr.io/example/shop-web:1.4.2",
        "    argv: exactly \"/report\" \"--since\" \"24h\"\n", "      READ_ONLY=true\n",
        "      LISTEN_PORT (any value: valueFrom)\n", "  veil.dev/allow-exec: none\n"}) {
    EXPECT_NE(explain.out.find(line), std::string::npos) << line << "\n" << explain.out;
  }
  // The unsealed manifest has no policy to explain.
  const CommandResult plain = Veil({"pod", "policy", "explain", (kShop / "app.yaml").string()});
  EXPECT_EQ(plain.exit_code, 2);
  EXPECT_NE(plain.err.find("no sealed Pod"), std::string::npos) << plain.err;
}

// A policy file given directly, here one written by hand (not generated).
TEST(PodPolicyExplain, ExplainsAPolicyFile) {
  testing::ScratchDir dir("pod-explain");
  std::ofstream(dir.path() / "policy.rego")
      << "# hand-written\npackage agent_policy\n\ndefault ExecProcessRequest := true\n";
  const CommandResult explain =
      Veil({"pod", "policy", "explain", (dir.path() / "policy.rego").string()});
  ASSERT_EQ(explain.exit_code, 0) << explain.err;
  EXPECT_NE(explain.out.find("  ExecProcessRequest: allowed, whatever it carries\n"),
            std::string::npos)
      << explain.out;
  EXPECT_NE(explain.out.find("Not generated by veil pod seal"), std::string::npos);
}

// --runtime veil-agent on examples/kubernetes/edge: the checked-in output regenerates byte for
// byte, re-sealing it changes nothing, and the PCR 23 value it prints is what `veil measure
// workload` computes from the ConfigMap's configuration and the container's command line.
const fs::path kEdge = fs::path(VEIL_EXAMPLES_DIR) / "kubernetes/edge";

std::vector<std::string> SealEdge(const fs::path& manifest) {
  return {"pod",
          "seal",
          manifest.string(),
          "--runtime",
          "veil-agent",
          "--tee",
          "tpm",
          "--trustee",
          "https://trustee.edge.example:8443",
          "--trustee-ca",
          (kEdge / "trustee-ca.pem").string()};
}

TEST(PodSealAgent, RegeneratesTheCheckedInExampleAndIsStable) {
  testing::ScratchDir out("pod-seal-agent");
  std::vector<std::string> args = SealEdge(kEdge / "app.yaml");
  args.insert(args.end(), {"--out", out.path().string()});
  const CommandResult seal = Veil(args);
  ASSERT_EQ(seal.exit_code, 0) << seal.err;
  EXPECT_EQ(Read(out.path() / "app.yaml"), Read(kEdge / "sealed/app.yaml"))
      << "regenerate with the command in examples/kubernetes/README.md";
  EXPECT_EQ(Replace(seal.out, kEdge.string() + "/", ""), Read(kEdge / "reference-values.txt"));
  const CommandResult again = Veil(SealEdge(kEdge / "sealed/app.yaml"));
  ASSERT_EQ(again.exit_code, 0) << again.err;
  EXPECT_EQ(again.out, Read(kEdge / "sealed/app.yaml"));
}

TEST(PodSealAgent, WrapsTheCommandAndPrintsWhatVeilMeasureComputes) {
  const CommandResult seal = Veil(SealEdge(kEdge / "app.yaml"));
  ASSERT_EQ(seal.exit_code, 0) << seal.err;
  const std::vector<YAML::Node> documents = YAML::LoadAll(seal.out);
  ASSERT_EQ(documents.size(), 2u);
  const YAML::Node pod = documents[0]["spec"]["template"]["spec"];
  EXPECT_FALSE(pod["runtimeClassName"].IsDefined());  // no Kata
  const YAML::Node container = pod["containers"][0];
  const auto command = container["command"].as<std::vector<std::string>>();
  const std::vector<std::string> wrapper = {
      "/usr/local/bin/veil-agent",    "run", "--config",
      "/etc/veil-agent/gateway.toml", "--",  "/usr/bin/gateway"};
  EXPECT_EQ(command, wrapper);
  const YAML::Node config_map = documents[1];
  EXPECT_EQ(config_map["kind"].as<std::string>(), "ConfigMap");
  EXPECT_EQ(config_map["metadata"]["name"].as<std::string>(), "gateway-veil-agent");
  EXPECT_EQ(config_map["metadata"]["namespace"].as<std::string>(), "edge");
  EXPECT_EQ(pod["volumes"][1]["configMap"]["name"].as<std::string>(), "gateway-veil-agent");

  // What the agent will run after `--`, measured with the configuration the pod mounts.
  testing::ScratchDir dir("pod-seal-measure");
  std::ofstream(dir.path() / "gateway.toml")
      << config_map["data"]["gateway.toml"].as<std::string>();
  std::vector<std::string> measure = {"measure",    "workload",
                                      "--config",   (dir.path() / "gateway.toml").string(),
                                      "--pcr-only", "--"};
  measure.push_back(command.back());
  for (const std::string& arg : container["args"].as<std::vector<std::string>>())
    measure.push_back(arg);
  const CommandResult measured = Veil(measure);
  ASSERT_EQ(measured.exit_code, 0) << measured.err;
  ASSERT_EQ(measured.out.size(), 65u) << measured.out;
  EXPECT_NE(seal.err.find("container gateway: veil-agent tpm.pcrs.sha256.23 " +
                          measured.out.substr(0, 64)),
            std::string::npos)
      << seal.err;
}

// veil.dev/workload-identity becomes [workload.certificate] in the agent's configuration; the
// Kata runtime, which has no workload certificate, refuses it, and so does the agent's own parser
// a name no certificate may carry.
TEST(PodSealAgent, TheWorkloadIdentityAnnotationAsksForACertificate) {
  const CommandResult seal = Veil(SealEdge(kEdge / "app.yaml"));
  ASSERT_EQ(seal.exit_code, 0) << seal.err;
  const std::vector<YAML::Node> documents = YAML::LoadAll(seal.out);
  ASSERT_EQ(documents.size(), 2u);
  const std::string config = documents[1]["data"]["gateway.toml"].as<std::string>();
  EXPECT_NE(config.find("[workload.certificate]\nnames = [\"spiffe://edge.example/gateway\", "
                        "\"gateway.edge.svc.cluster.local\"]\n"),
            std::string::npos)
      << config;

  testing::ScratchDir dir("pod-seal-identity");
  const std::string app = Read(kEdge / "app.yaml");
  std::ofstream(dir.path() / "kata.yaml") << app;
  const CommandResult kata = Veil({"pod", "seal", (dir.path() / "kata.yaml").string(), "--tee",
                                   "snp", "--trustee", "https://trustee.edge.example:8443"});
  EXPECT_EQ(kata.exit_code, 2);
  EXPECT_NE(kata.err.find("veil.dev/workload-identity needs --runtime veil-agent"),
            std::string::npos)
      << kata.err;

  std::ofstream(dir.path() / "upper.yaml")
      << Replace(app, "gateway.edge.svc.cluster.local", "Gateway.Edge.example");
  const CommandResult upper = Veil(SealEdge(dir.path() / "upper.yaml"));
  EXPECT_EQ(upper.exit_code, 2);
  EXPECT_NE(upper.err.find("container gateway: veil-agent would refuse its configuration"),
            std::string::npos)
      << upper.err;
  EXPECT_NE(upper.err.find("Gateway.Edge.example"), std::string::npos) << upper.err;
}

TEST(PodSealAgent, RefusesWhatItCannotWrapOrRegister) {
  // The shop's web container leaves its entrypoint to the image.
  std::vector<std::string> shop = SealEdge(kShop / "app.yaml");
  const CommandResult entrypoint = Veil(shop);
  EXPECT_EQ(entrypoint.exit_code, 2);
  EXPECT_NE(entrypoint.err.find("Deployment/shop-web: container web sets no command"),
            std::string::npos)
      << entrypoint.err;
  std::vector<std::string> args = SealEdge(kEdge / "app.yaml");
  args.insert(args.end(), {"--policy", (kEdge / "app.yaml").string()});
  const CommandResult policy = Veil(args);
  EXPECT_EQ(policy.exit_code, 2);
  EXPECT_NE(policy.err.find("--policy applies to --runtime kata only"), std::string::npos)
      << policy.err;
  args = SealEdge(kEdge / "app.yaml");
  args[6] = "snp";
  args.insert(args.end(), {"--register", "--key", "/nonexistent"});
  const CommandResult snp = Veil(args);
  EXPECT_EQ(snp.exit_code, 2);
  EXPECT_NE(snp.err.find("--register with --runtime veil-agent needs --tee tpm"), std::string::npos)
      << snp.err;
  // On SNP the agent measures nothing, and says so.
  args = SealEdge(kEdge / "app.yaml");
  args[6] = "snp";
  const CommandResult unmeasured = Veil(args);
  ASSERT_EQ(unmeasured.exit_code, 0) << unmeasured.err;
  EXPECT_NE(unmeasured.err.find("veil-agent measures nothing on snp"), std::string::npos)
      << unmeasured.err;
  // Kata has no tpm runtime class.
  EXPECT_EQ(
      Veil({"pod", "seal", (kShop / "app.yaml").string(), "--trustee", kTrustee, "--tee", "tpm"})
          .exit_code,
      2);
}

}  // namespace
}  // namespace veil::kubernetes
