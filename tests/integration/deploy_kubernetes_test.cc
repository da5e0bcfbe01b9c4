// deploy/kubernetes, rendered as an operator renders it (`kubectl kustomize
// deploy/kubernetes/overlays/<name>`, offline: no cluster), and checked against the real binary:
// every argument is a flag veil-trustee accepts and the whole command line with the rendered
// configuration passes `veil-trustee --check-config`; probes, Service and Prometheus annotations
// use the port the configuration listens on, and a real trustee started with that configuration
// serves the probe and metrics paths; every Secret, ConfigMap and key referenced is rendered; the
// image is named after the binary's version; the pod is locked down; and the placeholder Secrets
// make the trustee refuse to start. kubectl is required: without it the test fails, never skips.

#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include <chrono>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <thread>

#include "veil/base/base64.h"
#include "veil/base/file.h"
#include "veil/http/client/client.h"
#include "veil/testing/command.h"
#include "veil/testing/scratch_dir.h"
#include "veil/testing/trustee_process.h"

namespace veil {
namespace {

namespace fs = std::filesystem;
using testing::CommandResult;

const fs::path kDeploy = fs::path(VEIL_SOURCE_DIR) / "deploy";
const std::string kBinaryInImage = "/usr/local/bin/veil-trustee";

// The overlays' Secrets hold placeholders of this form, "REPLACE-ME-with-" and an example value, so
// a deployment that forgets to replace one fails at start; the test checks the example instead.
const std::string kPlaceholderPrefix = "REPLACE-ME-with-";

CommandResult Trustee(std::vector<std::string> args) {
  args.insert(args.begin(), testing::BuiltBinary("veil-trustee"));
  return testing::RunCommand(args);
}

struct Rendered {
  std::vector<YAML::Node> documents;

  std::vector<YAML::Node> OfKind(const std::string& kind) const {
    std::vector<YAML::Node> found;
    for (const YAML::Node& document : documents)
      if (document["kind"].as<std::string>() == kind) found.push_back(document);
    return found;
  }
  YAML::Node Named(const std::string& kind, const std::string& name) const {
    for (const YAML::Node& document : OfKind(kind))
      if (document["metadata"]["name"].as<std::string>() == name) return document;
    return YAML::Node();
  }
  YAML::Node Deployment() const {
    const auto deployments = OfKind("Deployment");
    EXPECT_EQ(deployments.size(), 1u);
    return deployments.empty() ? YAML::Node() : deployments[0];
  }
  YAML::Node Container() const {
    const YAML::Node containers = Deployment()["spec"]["template"]["spec"]["containers"];
    EXPECT_EQ(containers.size(), 1u);
    return containers[0];
  }
};

// kubectl is required: CI's machines have it, and a deployment test that silently does not run
// would pass while the manifests rot.
Rendered Render(const std::string& overlay) {
  const CommandResult which = testing::RunCommand({"sh", "-c", "command -v kubectl"});
  EXPECT_EQ(which.exit_code, 0)
      << "kubectl is not installed: this test renders deploy/kubernetes with `kubectl "
         "kustomize` and fails without it (install kubectl; no cluster is needed)";
  if (which.exit_code != 0) return {};
  const CommandResult rendered = testing::RunCommand(
      {"kubectl", "kustomize", (kDeploy / "kubernetes/overlays" / overlay).string()});
  EXPECT_EQ(rendered.exit_code, 0) << rendered.err;
  return {YAML::LoadAll(rendered.out)};
}

// The long flags `veil-trustee --help` lists.
std::set<std::string> HelpFlags() {
  const CommandResult help = Trustee({"--help"});
  EXPECT_EQ(help.exit_code, 0) << help.err;
  std::set<std::string> flags;
  const std::regex flag(R"(^\s+(?:-\w,\s*)?(--[a-z0-9-]+))");
  std::istringstream lines(help.out);
  for (std::string line; std::getline(lines, line);) {
    std::smatch match;
    if (std::regex_search(line, match, flag)) flags.insert(match[1]);
  }
  EXPECT_TRUE(flags.contains("--config")) << help.out;
  return flags;
}

std::string FlagName(const std::string& arg) { return arg.substr(0, arg.find('=')); }
std::string FlagValue(const std::string& arg) {
  const std::size_t equals = arg.find('=');
  return equals == std::string::npos ? "" : arg.substr(equals + 1);
}

// The container's argv after the command, as strings.
std::vector<std::string> Args(const Rendered& rendered) {
  std::vector<std::string> args;
  for (const YAML::Node& arg : rendered.Container()["args"]) args.push_back(arg.as<std::string>());
  return args;
}

// The keys a ConfigMap or Secret of the rendered output holds (empty when it is not there).
std::set<std::string> KeysOf(const Rendered& rendered, const std::string& kind,
                             const std::string& name) {
  std::set<std::string> keys;
  const YAML::Node object = rendered.Named(kind, name);
  if (!object) return keys;
  for (const char* field : {"data", "stringData", "binaryData"})
    for (const auto& entry : object[field]) keys.insert(entry.first.as<std::string>());
  return keys;
}

// The volume a mount path belongs to, with its kind ("ConfigMap", "Secret", other) and name.
struct MountedVolume {
  std::string mount_path;
  std::string kind;
  std::string name;
};

std::vector<MountedVolume> Mounts(const Rendered& rendered) {
  std::map<std::string, YAML::Node> volumes;
  for (const YAML::Node& volume : rendered.Deployment()["spec"]["template"]["spec"]["volumes"])
    volumes[volume["name"].as<std::string>()] = volume;
  std::vector<MountedVolume> mounts;
  for (const YAML::Node& mount : rendered.Container()["volumeMounts"]) {
    const std::string name = mount["name"].as<std::string>();
    EXPECT_TRUE(volumes.contains(name)) << "volumeMount " << name << " names no volume";
    if (!volumes.contains(name)) continue;
    const YAML::Node& volume = volumes[name];
    MountedVolume mounted{mount["mountPath"].as<std::string>(), "other", ""};
    if (volume["configMap"])
      mounted = {mounted.mount_path, "ConfigMap", volume["configMap"]["name"].as<std::string>()};
    if (volume["secret"])
      mounted = {mounted.mount_path, "Secret", volume["secret"]["secretName"].as<std::string>()};
    if (volume["persistentVolumeClaim"]) {
      mounted = {mounted.mount_path, "PersistentVolumeClaim",
                 volume["persistentVolumeClaim"]["claimName"].as<std::string>()};
    }
    mounts.push_back(mounted);
  }
  return mounts;
}

// The mount holding `path`, and the key (file name) inside it.
std::optional<std::pair<MountedVolume, std::string>> MountOf(
    const std::vector<MountedVolume>& mounts, const std::string& path) {
  for (const MountedVolume& mount : mounts) {
    const std::string prefix = mount.mount_path + "/";
    if (path.rfind(prefix, 0) == 0) return std::pair(mount, path.substr(prefix.size()));
  }
  return std::nullopt;
}

// The TOML the --config argument names, from the ConfigMap mounted there.
std::string ConfigToml(const Rendered& rendered) {
  for (const std::string& arg : Args(rendered)) {
    if (FlagName(arg) != "--config") continue;
    const auto mounted = MountOf(Mounts(rendered), FlagValue(arg));
    EXPECT_TRUE(mounted && mounted->first.kind == "ConfigMap") << arg;
    if (!mounted || mounted->first.kind != "ConfigMap") return "";
    const YAML::Node config = rendered.Named("ConfigMap", mounted->first.name);
    return config["data"][mounted->second].as<std::string>();
  }
  ADD_FAILURE() << "no --config argument";
  return "";
}

std::uint16_t ContainerPort(const Rendered& rendered, const YAML::Node& port_ref) {
  for (const YAML::Node& port : rendered.Container()["ports"]) {
    if (port_ref.as<std::string>() == port["name"].as<std::string>() ||
        port_ref.as<std::string>() == port["containerPort"].as<std::string>())
      return port["containerPort"].as<std::uint16_t>();
  }
  ADD_FAILURE() << "no container port " << port_ref.as<std::string>();
  return 0;
}

class Overlay : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override { rendered_ = Render(GetParam()); }

  // The container's command line with every mounted file replaced by its rendered content in
  // `dir`, and $(VAR) references resolved from the env's Secret keys.
  std::vector<std::string> LocalArgs(const fs::path& dir) {
    std::vector<std::string> local;
    const auto mounts = Mounts(rendered_);
    for (const std::string& written : Args(rendered_)) {
      const std::string arg = ResolveEnvironment(written);
      const std::string value = FlagValue(arg);
      const auto mounted = MountOf(mounts, value);
      if (!mounted) {
        local.push_back(arg);
        continue;
      }
      const YAML::Node object = rendered_.Named(mounted->first.kind, mounted->first.name);
      const fs::path file = dir / (mounted->first.name + "-" + mounted->second);
      std::ofstream out(file, std::ios::binary);
      if (mounted->first.kind == "ConfigMap")
        out << object["data"][mounted->second].as<std::string>();
      fs::permissions(file, fs::perms::owner_read | fs::perms::owner_write);
      local.push_back(FlagName(arg) + "=" + file.string());
    }
    return local;
  }

  // `arg` with each $(NAME) replaced, as Kubernetes does, by the container env's NAME, read from
  // the rendered Secret its secretKeyRef names; a placeholder by the example value it carries.
  std::string ResolveEnvironment(std::string arg) const {
    for (const YAML::Node& variable : rendered_.Container()["env"]) {
      const std::string reference = "$(" + variable["name"].as<std::string>() + ")";
      const std::size_t at = arg.find(reference);
      if (at == std::string::npos) continue;
      const YAML::Node ref = variable["valueFrom"]["secretKeyRef"];
      EXPECT_TRUE(ref) << reference << " is not read from a Secret";
      if (!ref) continue;
      const YAML::Node secret = rendered_.Named("Secret", ref["name"].as<std::string>());
      EXPECT_TRUE(secret && secret["data"][ref["key"].as<std::string>()]) << reference;
      if (!secret || !secret["data"][ref["key"].as<std::string>()]) continue;
      // kubectl folds long values over lines, which YAML reads back as spaces.
      std::string encoded = secret["data"][ref["key"].as<std::string>()].as<std::string>();
      std::erase_if(encoded, [](char c) { return c == ' ' || c == '\n'; });
      const auto decoded = Base64Decode(encoded);
      EXPECT_TRUE(decoded) << reference;
      if (!decoded) continue;
      std::string value(decoded->begin(), decoded->end());
      if (value.rfind(kPlaceholderPrefix, 0) == 0) value.erase(0, kPlaceholderPrefix.size());
      arg.replace(at, reference.size(), value);
    }
    return arg;
  }

  Rendered rendered_;
};

TEST_P(Overlay, EveryArgumentIsAFlagVeilTrusteeAcceptsAndTheCommandLinePassesCheckConfig) {
  ASSERT_FALSE(rendered_.documents.empty());
  const YAML::Node container = rendered_.Container();
  ASSERT_EQ(container["command"].size(), 1u);
  EXPECT_EQ(container["command"][0].as<std::string>(), kBinaryInImage);
  const std::string containerfile =
      ReadFileText(kDeploy / "containers/veil-trustee.Containerfile").value();
  EXPECT_NE(containerfile.find("COPY --from=build /src/build/bin/veil-trustee " + kBinaryInImage),
            std::string::npos);

  const std::set<std::string> accepted = HelpFlags();
  std::vector<std::string> check = {"--check-config"};
  testing::ScratchDir dir("deploy-args");
  for (const std::string& arg : LocalArgs(dir.path())) {
    ASSERT_EQ(arg.rfind("--", 0), 0u) << "not a --flag=value argument: " << arg;
    const std::string flag = FlagName(arg);
    EXPECT_TRUE(accepted.contains(flag)) << flag << " is not a veil-trustee flag";
    check.push_back(arg);
  }
  const CommandResult checked = Trustee(check);
  EXPECT_EQ(checked.exit_code, 0) << checked.err;
  EXPECT_NE(checked.out.find("configuration OK\n"), std::string::npos) << checked.out;
  EXPECT_NE(checked.out.find("key-encryption key from file "), std::string::npos) << checked.out;
  const bool on_postgres = GetParam() == "postgres-replicas";
  EXPECT_NE(checked.out.find(on_postgres ? "store PostgreSQL (store.url)\n"
                                         : "store SQLite in the data directory\n"),
            std::string::npos)
      << checked.out;
}

TEST_P(Overlay, ProbesServiceAndScrapeAnnotationsUseThePortAndPathsTheTrusteeServes) {
  ASSERT_FALSE(rendered_.documents.empty());
  const YAML::Node container = rendered_.Container();
  ASSERT_EQ(container["ports"].size(), 1u);
  const auto port = container["ports"][0]["containerPort"].as<std::uint16_t>();
  // The configuration listens on every address, on that port.
  EXPECT_NE(ConfigToml(rendered_).find("listen = \"0.0.0.0:" + std::to_string(port) + "\""),
            std::string::npos);
  for (const char* probe : {"readinessProbe", "livenessProbe"}) {
    EXPECT_EQ(container[probe]["httpGet"]["path"].as<std::string>(), "/healthz") << probe;
    EXPECT_EQ(ContainerPort(rendered_, container[probe]["httpGet"]["port"]), port) << probe;
  }
  const YAML::Node annotations =
      rendered_.Deployment()["spec"]["template"]["metadata"]["annotations"];
  EXPECT_EQ(annotations["prometheus.io/scrape"].as<std::string>(), "true");
  EXPECT_EQ(annotations["prometheus.io/port"].as<std::string>(), std::to_string(port));
  EXPECT_EQ(annotations["prometheus.io/path"].as<std::string>(), "/metrics");
  const auto services = rendered_.OfKind("Service");
  ASSERT_EQ(services.size(), 1u);
  for (const YAML::Node& service_port : services[0]["spec"]["ports"])
    EXPECT_EQ(ContainerPort(rendered_, service_port["targetPort"]), port);

  // A trustee started with the rendered configuration serves both paths.
  testing::ScratchDir dir("deploy-serve");
  const fs::path toml = dir / "trustee.toml";
  std::ofstream(toml) << ConfigToml(rendered_);
  // TrusteeProcess adds --listen 127.0.0.1:0 (a free port) and --data-dir.
  auto trustee = testing::TrusteeProcess::Start(dir / "data", {"--config", toml.string()});
  ASSERT_TRUE(trustee) << trustee.error().ToString();
  const auto health = http::Send({.url = (*trustee)->url() + "/healthz"});
  ASSERT_TRUE(health) << health.error().ToString();
  EXPECT_EQ(health->status, 200u);
  // A request is counted by the access log after its response is sent, so the /healthz request
  // may not be counted yet when /metrics (on another server thread) answers: ask until it is.
  const std::string metrics_url =
      (*trustee)->url() + annotations["prometheus.io/path"].as<std::string>();
  auto metrics = http::Send({.url = metrics_url});
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  while (metrics && metrics->status == 200u &&
         metrics->body.find("veil_http_requests_total") == std::string::npos &&
         std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    metrics = http::Send({.url = metrics_url});
  }
  ASSERT_TRUE(metrics) << metrics.error().ToString();
  EXPECT_EQ(metrics->status, 200u);
  EXPECT_NE(metrics->body.find("veil_http_requests_total"), std::string::npos) << metrics->body;
}

TEST_P(Overlay, EverySecretConfigMapAndKeyReferencedIsRendered) {
  ASSERT_FALSE(rendered_.documents.empty());
  const auto mounts = Mounts(rendered_);
  for (const MountedVolume& mount : mounts) {
    if (mount.kind == "other") continue;
    EXPECT_TRUE(rendered_.Named(mount.kind, mount.name))
        << mount.kind << " " << mount.name << " (mounted at " << mount.mount_path
        << ") is not in the rendered output";
  }
  // Every file an argument names is a key of the ConfigMap or Secret mounted there.
  for (const std::string& arg : Args(rendered_)) {
    const std::string value = FlagValue(arg);
    if (value.rfind("/", 0) != 0) continue;
    const auto mounted = MountOf(mounts, value);
    ASSERT_TRUE(mounted) << arg << " names a file under no volume mount";
    EXPECT_TRUE(
        KeysOf(rendered_, mounted->first.kind, mounted->first.name).contains(mounted->second))
        << arg << ": " << mounted->first.kind << " " << mounted->first.name << " has no key "
        << mounted->second;
  }
  // Environment variables from Secrets, and the arguments that use them.
  std::set<std::string> env_names;
  for (const YAML::Node& env : rendered_.Container()["env"]) {
    env_names.insert(env["name"].as<std::string>());
    const YAML::Node ref = env["valueFrom"]["secretKeyRef"];
    if (!ref) continue;
    EXPECT_TRUE(KeysOf(rendered_, "Secret", ref["name"].as<std::string>())
                    .contains(ref["key"].as<std::string>()))
        << "env " << env["name"].as<std::string>() << " names a Secret key that is not rendered";
  }
  const std::regex reference(R"(\$\(([A-Za-z_][A-Za-z0-9_]*)\))");
  for (const std::string& arg : Args(rendered_)) {
    for (std::sregex_iterator it(arg.begin(), arg.end(), reference), end; it != end; ++it)
      EXPECT_TRUE(env_names.contains((*it)[1])) << arg << " uses an undefined variable";
  }
  // The Secrets holding keys are mounted readable by the pod's group only.
  for (const YAML::Node& volume : rendered_.Deployment()["spec"]["template"]["spec"]["volumes"]) {
    if (volume["secret"]) {
      EXPECT_EQ(volume["secret"]["defaultMode"].as<int>(), 0440);
    }
  }
}

TEST_P(Overlay, TheImageIsNamedAfterTheBinaryAndItsVersion) {
  ASSERT_FALSE(rendered_.documents.empty());
  const CommandResult version = Trustee({"--version"});
  ASSERT_EQ(version.exit_code, 0);
  const std::string number = version.out.substr(version.out.rfind(' ') + 1);
  const std::string expected = "veil-trustee:" + number.substr(0, number.find('\n'));
  EXPECT_EQ(rendered_.Container()["image"].as<std::string>(), expected);
  const std::string containerfile =
      ReadFileText(kDeploy / "containers/veil-trustee.Containerfile").value();
  EXPECT_NE(containerfile.find("-t " + expected + " ."), std::string::npos);
}

TEST_P(Overlay, ThePodRunsLockedDownWithLimits) {
  ASSERT_FALSE(rendered_.documents.empty());
  const YAML::Node pod = rendered_.Deployment()["spec"]["template"]["spec"];
  EXPECT_TRUE(pod["securityContext"]["runAsNonRoot"].as<bool>());
  EXPECT_EQ(pod["securityContext"]["seccompProfile"]["type"].as<std::string>(), "RuntimeDefault");
  const std::string uid = pod["securityContext"]["runAsUser"].as<std::string>();
  const std::string containerfile =
      ReadFileText(kDeploy / "containers/veil-trustee.Containerfile").value();
  EXPECT_NE(containerfile.find("USER " + uid + ":" + uid), std::string::npos)
      << "the pod's runAsUser " << uid << " is not the image's user";
  EXPECT_FALSE(pod["automountServiceAccountToken"].as<bool>());
  const YAML::Node security = rendered_.Container()["securityContext"];
  EXPECT_TRUE(security["readOnlyRootFilesystem"].as<bool>());
  EXPECT_FALSE(security["allowPrivilegeEscalation"].as<bool>());
  ASSERT_EQ(security["capabilities"]["drop"].size(), 1u);
  EXPECT_EQ(security["capabilities"]["drop"][0].as<std::string>(), "ALL");
  const YAML::Node resources = rendered_.Container()["resources"];
  for (const char* kind : {"requests", "limits"}) {
    EXPECT_TRUE(resources[kind]["cpu"]) << kind;
    EXPECT_TRUE(resources[kind]["memory"]) << kind;
  }
  // The only writable place is the data volume, where the configuration keeps the data directory.
  bool data_mounted = false;
  for (const MountedVolume& mount : Mounts(rendered_)) {
    if (mount.kind == "ConfigMap" || mount.kind == "Secret") continue;
    data_mounted =
        ConfigToml(rendered_).find("data_dir = \"" + mount.mount_path + "/") != std::string::npos;
  }
  EXPECT_TRUE(data_mounted);
  const auto budgets = rendered_.OfKind("PodDisruptionBudget");
  ASSERT_EQ(budgets.size(), 1u);
}

TEST_P(Overlay, ThePlaceholderSecretsMakeTheTrusteeRefuseToStart) {
  ASSERT_FALSE(rendered_.documents.empty());
  testing::ScratchDir dir("deploy-placeholders");
  const auto decode = [&](const std::string& secret, const std::string& key) {
    const YAML::Node object = rendered_.Named("Secret", secret);
    const std::string base64 = object["data"][key].as<std::string>();
    const fs::path file = dir / key;
    const CommandResult decoded = testing::RunCommand({"base64", "-d"}, base64);
    std::ofstream(file, std::ios::binary) << decoded.out;
    fs::permissions(file, fs::perms::owner_read | fs::perms::owner_write);
    return file.string();
  };
  std::string kek;
  std::string admin;
  for (const MountedVolume& mount : Mounts(rendered_)) {
    if (mount.kind != "Secret") continue;
    if (mount.mount_path == "/etc/veil/kek") kek = decode(mount.name, "key-encryption-key");
    if (mount.mount_path == "/etc/veil/admin") admin = decode(mount.name, "admin.pub");
  }
  ASSERT_FALSE(kek.empty());
  ASSERT_FALSE(admin.empty());
  const CommandResult with_kek = Trustee(
      {"--data-dir", (dir / "data").string(), "--listen", "127.0.0.1:0", "--kek-file", kek});
  EXPECT_EQ(with_kek.exit_code, 1);
  EXPECT_NE(with_kek.err.find("key-encryption key: file " + kek + ": expected 32 bytes"),
            std::string::npos)
      << with_kek.err;
  const CommandResult with_admin = Trustee(
      {"--data-dir", (dir / "data").string(), "--listen", "127.0.0.1:0", "--admin-key", admin});
  EXPECT_EQ(with_admin.exit_code, 1);
  EXPECT_NE(with_admin.err.find("admin key " + admin), std::string::npos) << with_admin.err;
}

INSTANTIATE_TEST_SUITE_P(Deploy, Overlay, ::testing::Values("sqlite-single", "postgres-replicas"),
                         [](const ::testing::TestParamInfo<std::string>& overlay) {
                           std::string name = overlay.param;
                           std::replace(name.begin(), name.end(), '-', '_');
                           return name;
                         });

TEST(OverlayShape, SqliteSingleIsOneReplicaOnAClaimRecreatedOnUpdate) {
  const Rendered rendered = Render("sqlite-single");
  ASSERT_FALSE(rendered.documents.empty());
  const YAML::Node spec = rendered.Deployment()["spec"];
  EXPECT_EQ(spec["replicas"].as<int>(), 1);
  EXPECT_EQ(spec["strategy"]["type"].as<std::string>(), "Recreate");
  EXPECT_FALSE(spec["strategy"]["rollingUpdate"]);
  bool claim = false;
  for (const MountedVolume& mount : Mounts(rendered)) {
    if (mount.kind != "PersistentVolumeClaim") continue;
    claim = true;
    EXPECT_EQ(mount.mount_path, "/var/lib/veil");
    EXPECT_TRUE(rendered.Named("PersistentVolumeClaim", mount.name)) << mount.name;
  }
  EXPECT_TRUE(claim);
}

TEST(OverlayShape, PostgresReplicasAreThreeWithTheStoreUrlFromASecretAndNoClaim) {
  const Rendered rendered = Render("postgres-replicas");
  ASSERT_FALSE(rendered.documents.empty());
  EXPECT_EQ(rendered.Deployment()["spec"]["replicas"].as<int>(), 3);
  EXPECT_TRUE(rendered.OfKind("PersistentVolumeClaim").empty());
  const std::vector<std::string> args = Args(rendered);
  EXPECT_NE(std::find(args.begin(), args.end(), "--store=$(VEIL_STORE_URL)"), args.end());
  // The placeholder URL itself is refused, so a deployment that forgot to replace it stops.
  const CommandResult placeholder =
      Trustee({"--check-config",
               "--store=" + kPlaceholderPrefix + "postgresql://user:password@host:5432/veil"});
  EXPECT_EQ(placeholder.exit_code, 2) << placeholder.out;
  EXPECT_NE(std::find_if(
                args.begin(), args.end(),
                [](const std::string& arg) { return FlagName(arg) == "--token-signing-key-file"; }),
            args.end());
  const YAML::Node env = rendered.Container()["env"];
  ASSERT_EQ(env.size(), 1u);
  EXPECT_EQ(env[0]["name"].as<std::string>(), "VEIL_STORE_URL");
  EXPECT_EQ(env[0]["valueFrom"]["secretKeyRef"]["key"].as<std::string>(), "url");
  const auto budgets = rendered.OfKind("PodDisruptionBudget");
  ASSERT_EQ(budgets.size(), 1u);
  EXPECT_EQ(budgets[0]["spec"]["minAvailable"].as<int>(), 2);
  EXPECT_FALSE(budgets[0]["spec"]["maxUnavailable"]);
}

}  // namespace
}  // namespace veil
