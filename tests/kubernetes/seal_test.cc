#include "veil/kubernetes/seal.h"

#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include "veil/initdata/annotation.h"

namespace veil::kubernetes {
namespace {

constexpr std::string_view kAnnotation = "io.katacontainers.config.hypervisor.cc_init_data";
constexpr std::string_view kToml = "version = \"0.1.0\"\nalgorithm = \"sha256\"\n\n[data]\n";

constexpr std::string_view kPodSpec = R"(    spec:
      containers:
      - name: web
        image: nginx:1.27
        env:
        - name: PORT
          value: "8080"
        - name: DEBUG
          value: 'true'
        - name: EMPTY
          value: ""
        args: [--listen, ":8080"]
)";

SealOptions Options() { return SealOptions{"kata-qemu-snp", std::string(kToml), nullptr}; }

// A workload of `kind` whose pod template (indented for spec.template) is kPodSpec.
std::string Workload(const std::string& api_version, const std::string& kind) {
  const std::string head = "apiVersion: " + api_version + "\nkind: " + kind +
                           "\nmetadata:\n  name: web\n  namespace: shop\n";
  if (kind == "CronJob") {
    std::string spec(kPodSpec);
    std::string indented;
    for (std::size_t pos = 0; pos < spec.size();) {
      const std::size_t end = spec.find('\n', pos) + 1;
      indented += "    " + spec.substr(pos, end - pos);
      pos = end;
    }
    return head +
           "spec:\n  schedule: \"*/5 * * * *\"\n  jobTemplate:\n    spec:\n      template:\n" +
           indented;
  }
  return head +
         "spec:\n  replicas: 2\n  template:\n    metadata:\n      labels:\n        app: web\n" +
         std::string(kPodSpec);
}

YAML::Node PodOf(const YAML::Node& object, WorkloadKind kind) {
  YAML::Node pod = object;
  for (const std::string_view key : PodTemplatePath(kind)) pod.reset(pod[std::string(key)]);
  return pod;
}

void ExpectSealedPod(const YAML::Node& pod) {
  ASSERT_TRUE(pod.IsMap());
  EXPECT_EQ(pod["spec"]["runtimeClassName"].as<std::string>(), "kata-qemu-snp");
  const std::string annotation = pod["metadata"]["annotations"][std::string(kAnnotation)].Scalar();
  EXPECT_EQ(initdata::DecodeAnnotation(annotation).value(), kToml);
  // Strings stay strings: quoted scalars keep yaml-cpp's "!" (non-plain) tag.
  const YAML::Node env = pod["spec"]["containers"][0]["env"];
  EXPECT_EQ(env[0]["value"].Tag(), "!");
  EXPECT_EQ(env[0]["value"].Scalar(), "8080");
  EXPECT_EQ(env[1]["value"].Tag(), "!");
  EXPECT_EQ(env[1]["value"].Scalar(), "true");
  EXPECT_EQ(env[2]["value"].Tag(), "!");
  EXPECT_EQ(pod["spec"]["containers"][0]["args"].Style(), YAML::EmitterStyle::Flow);
  EXPECT_EQ(pod["spec"]["containers"][0]["image"].Scalar(), "nginx:1.27");
}

TEST(Seal, EveryWorkloadKindGetsRuntimeClassAndAnnotationOnItsPod) {
  const struct {
    const char* api_version;
    const char* kind;
    WorkloadKind expected;
  } kCases[] = {
      {"apps/v1", "Deployment", WorkloadKind::kDeployment},
      {"apps/v1", "StatefulSet", WorkloadKind::kStatefulSet},
      {"apps/v1", "DaemonSet", WorkloadKind::kDaemonSet},
      {"batch/v1", "Job", WorkloadKind::kJob},
      {"batch/v1", "CronJob", WorkloadKind::kCronJob},
  };
  for (const auto& c : kCases) {
    SCOPED_TRACE(c.kind);
    const SealedManifest sealed = SealManifest(Workload(c.api_version, c.kind), Options()).value();
    ASSERT_EQ(sealed.objects.size(), 1u);
    EXPECT_EQ(sealed.objects[0].kind, c.expected);
    EXPECT_EQ(sealed.objects[0].kind_name, c.kind);
    EXPECT_EQ(sealed.objects[0].name, "web");
    EXPECT_EQ(sealed.objects[0].ns, "shop");
    const YAML::Node object = YAML::Load(sealed.yaml);
    ExpectSealedPod(PodOf(object, c.expected));
    EXPECT_FALSE(object["spec"]["runtimeClassName"]);  // only on the pod, not the workload
    EXPECT_FALSE(object["metadata"]["annotations"]);
  }
}

TEST(Seal, PodItselfAndKeyOrderKept) {
  std::string pod = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\n";
  for (std::string_view rest = kPodSpec; !rest.empty();) {  // spec at the root: indent 4 less
    const std::size_t end = rest.find('\n') + 1;
    pod += std::string(rest.substr(4, end - 4));
    rest.remove_prefix(end);
  }
  const SealedManifest sealed = SealManifest(pod, Options()).value();
  ASSERT_EQ(sealed.objects.size(), 1u);
  EXPECT_EQ(sealed.objects[0].kind, WorkloadKind::kPod);
  const YAML::Node object = YAML::Load(sealed.yaml);
  ExpectSealedPod(object);
  std::vector<std::string> keys;
  for (const auto& entry : object) keys.push_back(entry.first.Scalar());
  EXPECT_EQ(keys, (std::vector<std::string>{"apiVersion", "kind", "metadata", "spec"}));
  // runtimeClassName is appended after the existing keys of spec.
  std::vector<std::string> spec_keys;
  for (const auto& entry : object["spec"]) spec_keys.push_back(entry.first.Scalar());
  EXPECT_EQ(spec_keys, (std::vector<std::string>{"containers", "runtimeClassName"}));
}

// The resources a pod receives are read from its annotation when sealing (for --register), and
// the annotation is kept.
TEST(Seal, ReadsTheResourcesAnnotationOfEachPod) {
  const std::string stream =
      "apiVersion: v1\nkind: Pod\nmetadata:\n  name: a\n  annotations:\n"
      "    veil.dev/resources: \"kbs:///shop/key/db\"\nspec:\n  containers: []\n"
      "---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: b\nspec:\n  containers: []\n";
  const SealedManifest sealed = SealManifest(stream, Options()).value();
  ASSERT_EQ(sealed.objects.size(), 2u);
  EXPECT_EQ(sealed.objects[0].resources, "kbs:///shop/key/db");
  EXPECT_EQ(sealed.objects[1].resources, "");
  EXPECT_EQ(
      YAML::LoadAll(sealed.yaml)[0]["metadata"]["annotations"][std::string(kResourcesAnnotationKey)]
          .as<std::string>(),
      "kbs:///shop/key/db");
}

TEST(Seal, OtherObjectsPassThroughByteForByte) {
  const std::string config_map =
      "# the app's settings\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: settings}\n"
      "data:\n  port: \"8080\"   # kept as written\n";
  const std::string service = "apiVersion: v1\nkind: Service\nmetadata:\n  name: web\n";
  const std::string other_group_pod = "apiVersion: example.com/v1\nkind: Pod\nspec: {}\n";
  const std::string stream = config_map + "---\n" + service + "--- # third\n" + other_group_pod +
                             "---\n# only a comment\n";
  const SealedManifest sealed = SealManifest(stream, Options()).value();
  EXPECT_TRUE(sealed.objects.empty());
  EXPECT_EQ(sealed.yaml, stream);
}

TEST(Seal, MixedStreamSealsOnlyWorkloadsAndResealingIsStable) {
  const std::string stream =
      "apiVersion: v1\nkind: Service  # front\nmetadata:\n  name: web\n---\n" +
      Workload("apps/v1", "Deployment") + "---\n" + Workload("batch/v1", "CronJob");
  const SealedManifest once = SealManifest(stream, Options()).value();
  ASSERT_EQ(once.objects.size(), 2u);
  EXPECT_TRUE(once.yaml.starts_with("apiVersion: v1\nkind: Service  # front\n")) << once.yaml;
  const SealedManifest twice = SealManifest(once.yaml, Options()).value();
  EXPECT_EQ(twice.yaml, once.yaml);
  ASSERT_EQ(twice.objects.size(), 2u);
  EXPECT_EQ(YAML::LoadAll(once.yaml).size(), 3u);

  // Sealing again for another TEE replaces both values in place.
  const SealOptions tdx{"kata-qemu-tdx", "version = \"0.1.0\"\nalgorithm = \"sha384\"\n", nullptr};
  const SealedManifest resealed = SealManifest(once.yaml, tdx).value();
  const YAML::Node deployment = YAML::LoadAll(resealed.yaml)[1];
  const YAML::Node pod = PodOf(deployment, WorkloadKind::kDeployment);
  EXPECT_EQ(pod["spec"]["runtimeClassName"].Scalar(), "kata-qemu-tdx");
  EXPECT_EQ(
      initdata::DecodeAnnotation(pod["metadata"]["annotations"][std::string(kAnnotation)].Scalar())
          .value(),
      tdx.init_data_toml);
  EXPECT_EQ(pod["metadata"]["annotations"].size(), 1u);
}

TEST(Seal, TrickyScalarsSurviveAndStayStable) {
  const std::string pod =
      "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  labels: {version: \"1.0\", "
      "on: 'yes'}\nspec:\n  containers:\n  - name: c\n    image: busybox\n"
      "    command: [\"sh\", \"-c\", \"echo 'a: b' # not a comment\"]\n"
      "    args:\n    - |\n      line one\n      line two\n    - null\n    - ~\n    - 010\n"
      "    - \"010\"\n    - !!str 42\n    env:\n    - name: A\n      value: \"multi\\nline\"\n";
  const SealedManifest once = SealManifest(pod, Options()).value();
  const YAML::Node object = YAML::Load(once.yaml);
  EXPECT_EQ(object["metadata"]["labels"]["version"].Tag(), "!");
  EXPECT_EQ(object["metadata"]["labels"]["on"].Scalar(), "yes");
  EXPECT_EQ(object["metadata"]["labels"]["on"].Tag(), "!");
  const YAML::Node container = object["spec"]["containers"][0];
  EXPECT_EQ(container["command"][2].Scalar(), "echo 'a: b' # not a comment");
  EXPECT_EQ(container["args"][0].Scalar(), "line one\nline two\n");
  EXPECT_TRUE(container["args"][1].IsNull());
  EXPECT_TRUE(container["args"][2].IsNull());
  EXPECT_EQ(container["args"][3].Scalar(), "010");
  EXPECT_EQ(container["args"][3].Tag(), "?");
  EXPECT_EQ(container["args"][4].Tag(), "!");
  EXPECT_EQ(container["args"][5].Scalar(), "42");
  EXPECT_EQ(container["args"][5].Tag(), "tag:yaml.org,2002:str");
  EXPECT_EQ(container["env"][0]["value"].Scalar(), "multi\nline");
  EXPECT_EQ(SealManifest(once.yaml, Options()).value().yaml, once.yaml);
}

TEST(Seal, ValuesVeilWritesStayStrings) {
  const SealOptions options{"true", std::string(kToml), nullptr};
  const std::string pod = "apiVersion: v1\nkind: Pod\nspec:\n  containers: []\n";
  const SealedManifest sealed = SealManifest(pod, options).value();
  const YAML::Node object = YAML::Load(sealed.yaml);
  EXPECT_EQ(object["spec"]["runtimeClassName"].Tag(), "!");
  EXPECT_EQ(object["spec"]["runtimeClassName"].Scalar(), "true");
  EXPECT_EQ(sealed.objects.at(0).name, "");
  EXPECT_EQ(SealManifest(sealed.yaml, options).value().yaml, sealed.yaml);
}

TEST(Seal, RefusesMalformedWorkloadsAndLists) {
  const auto error = [](const std::string& yaml) { return SealManifest(yaml, Options()).error(); };
  EXPECT_EQ(error("apiVersion: v1\nkind: Pod\nmetadata: {name: p}\n").code, ErrorCode::kMalformed);
  EXPECT_EQ(error("apiVersion: apps/v1\nkind: Deployment\nspec: {replicas: 1}\n").code,
            ErrorCode::kMalformed);
  const Error cronjob = error("apiVersion: batch/v1\nkind: CronJob\nspec:\n  jobTemplate: []\n");
  EXPECT_NE(cronjob.message.find("spec.jobTemplate is not a mapping"), std::string::npos)
      << cronjob.message;
  const Error annotations =
      error("apiVersion: v1\nkind: Pod\nmetadata: {annotations: [a]}\nspec: {containers: []}\n");
  EXPECT_NE(annotations.message.find("metadata.annotations is not a mapping"), std::string::npos);
  const Error second = error("a: 1\n---\nkey: [unclosed\n");
  EXPECT_EQ(second.code, ErrorCode::kMalformed);
  EXPECT_NE(second.message.find("document 2"), std::string::npos) << second.message;
  const Error hidden = error("apiVersion: v1\nkind: Pod\nspec: {}\n...\nkind: Pod\n");
  EXPECT_NE(hidden.message.find("follows \"...\""), std::string::npos) << hidden.message;
  EXPECT_EQ(error("apiVersion: v1\nkind: List\nitems:\n- kind: Pod\n").code,
            ErrorCode::kUnsupported);
}

TEST(Seal, AliasExpansionIsBounded) {
  std::string bomb =
      "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  a0: &a0 [x, x, x, x, x, x, x, x, "
      "x, x]\n";
  for (int i = 1; i < 6; ++i) {
    const std::string prev = "*a" + std::to_string(i - 1);
    bomb += "  a" + std::to_string(i) + ": &a" + std::to_string(i) + " [" + prev + ", " + prev +
            ", " + prev + ", " + prev + ", " + prev + ", " + prev + ", " + prev + ", " + prev +
            ", " + prev + ", " + prev + "]\n";
  }
  const Error nodes = SealManifest(bomb, Options()).error();
  EXPECT_EQ(nodes.code, ErrorCode::kMalformed);
  EXPECT_EQ(nodes.message, "document 1: YAML: more than 100000 nodes (after expanding aliases)");
}

// Found by fuzz/pod_manifest_fuzzer: few nodes, each a long scalar, expanded to hundreds of
// megabytes of output (and of a second parse) before the node bound was reached.
TEST(Seal, AliasedTextIsBounded) {
  std::string bomb = "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  a0: &a0 \"" +
                     std::string(3000, 'x') + "\"\n";
  for (int i = 1; i < 5; ++i) {
    const std::string prev = "*a" + std::to_string(i - 1);
    bomb += "  a" + std::to_string(i) + ": &a" + std::to_string(i) + " [";
    for (int j = 0; j < 10; ++j) bomb += (j ? ", " : "") + prev;
    bomb += "]\n";
  }
  const Error text = SealManifest(bomb, Options()).error();
  EXPECT_EQ(text.code, ErrorCode::kMalformed);
  EXPECT_EQ(text.message,
            "document 1: YAML: more than 3145728 bytes of text (after expanding aliases)");
}

// Found by fuzz/pod_manifest_fuzzer: yaml-cpp never finished reading a stray top-level ",".
TEST(Seal, StrayFlowTokenIsRefusedNotLoopedOn) {
  const Error stray =
      SealManifest("apiVersion: v1\nkind: ConfigMap\n---\n, a\n", Options()).error();
  EXPECT_EQ(stray.code, ErrorCode::kMalformed);
  EXPECT_EQ(stray.message.rfind("document 2: YAML: more than 16 documents", 0), 0u)
      << stray.message;
}

// Found by fuzz/pod_manifest_fuzzer: a key over 1024 characters was written as an implicit key,
// which YAML (and so the second seal) refuses. yaml-cpp also writes explicit keys in flow style
// unreadably ("{ ?key: v}"), so such a document is written in block style.
TEST(Seal, LongAndCollectionKeysAreWrittenSoThatResealingIsStable) {
  const std::string key = "example.com/" + std::string(2000, 'k');
  const std::string head = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  labels:";
  const std::string spec = "spec:\n  containers: [{name: a, image: b}]\n";
  for (const std::string& labels :
       {"\n    ? " + key + "\n    : v\n", " {? " + key + " : v, b: c}\n",
        std::string(" {[x, y]: v}\n")}) {
    auto sealed = SealManifest(head + labels + spec, Options());
    ASSERT_TRUE(sealed) << sealed.error().message;
    EXPECT_NE(sealed->yaml.find("? "), std::string::npos) << sealed->yaml;
    EXPECT_EQ(sealed->yaml.find('{'), std::string::npos) << "block style expected";
    const YAML::Node object = YAML::Load(sealed->yaml);
    EXPECT_EQ(object["metadata"]["labels"].size(),
              YAML::Load(head + labels)["metadata"]["labels"].size());
    if (labels.find(key) != std::string::npos) {
      EXPECT_EQ(object["metadata"]["labels"][key].Scalar(), "v");
    }
    auto again = SealManifest(sealed->yaml, Options());
    ASSERT_TRUE(again) << again.error().message;
    EXPECT_EQ(again->yaml, sealed->yaml);
  }
}

// Found by fuzz/pod_manifest_fuzzer: a quoted key's invalid UTF-8 is written as U+FFFD (3 bytes
// each) and control characters as "\\x12" escapes, so a key is judged by its written length: a
// 200-byte key that is written as 600 stayed implicit once and became explicit on the next seal.
TEST(Seal, KeysAreMeasuredAsWritten) {
  for (const std::size_t invalid_bytes : {200u, 400u}) {
    const std::string key = "\"sel\\x12" + std::string(invalid_bytes, '\xff') + "ctor\"";
    const std::string pod = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  labels:\n    " +
                            key + ": v\nspec:\n  containers: [{name: a, image: b}]\n";
    auto sealed = SealManifest(pod, Options());
    ASSERT_TRUE(sealed) << sealed.error().message;
    EXPECT_EQ(sealed->yaml.find("? ") != std::string::npos, invalid_bytes * 3 > 1000)
        << invalid_bytes;
    auto again = SealManifest(sealed->yaml, Options());
    ASSERT_TRUE(again) << again.error().message;
    EXPECT_EQ(again->yaml, sealed->yaml) << invalid_bytes;
  }
}

// With init_data_for, each pod gets its own init-data, made from what the pod spec says (read
// before sealing changes it), and a failure names the document and the object.
TEST(Seal, PerPodInitDataSeesThePodsSpec) {
  const std::string yaml = std::string("apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n") +
                           "  annotations: {veil.dev/allow-exec: app}\nspec:\n" +
                           "  initContainers:\n  - {name: setup, image: busybox}\n" +
                           "  containers:\n  - name: app\n    image: app:1\n" +
                           "    command: [/app]\n    env:\n    - {name: A, value: x}\n" +
                           "    - name: B\n      valueFrom: {secretKeyRef: {name: s, key: b}}\n" +
                           "    volumeMounts: [{name: logs, mountPath: /logs}]\n" +
                           "  volumes: [{name: logs, hostPath: {path: /var/log}}]\n" +
                           "---\napiVersion: v1\nkind: Pod\nmetadata: {name: q}\nspec:\n" +
                           "  containers: [{name: other, image: other:2}]\n";
  std::vector<PodDescription> seen;
  SealOptions options = Options();
  options.init_data_for = [&seen](const PodDescription& pod) -> Result<std::string> {
    seen.push_back(pod);
    return std::string(kToml) + "# " + pod.object + "\n";
  };
  const SealedManifest sealed = SealManifest(yaml, options).value();
  ASSERT_EQ(seen.size(), 2u);
  EXPECT_EQ(seen[0].object, "Pod/p");
  EXPECT_EQ(seen[0].annotations.at("veil.dev/allow-exec"), "app");
  EXPECT_FALSE(seen[0].annotations.contains(std::string(kAnnotation)));
  ASSERT_EQ(seen[0].containers.size(), 2u);
  EXPECT_TRUE(seen[0].containers[0].init);
  const ContainerDescription& app = seen[0].containers[1];
  EXPECT_EQ(app.image, "app:1");
  EXPECT_EQ(app.command, std::vector<std::string>{"/app"});
  EXPECT_FALSE(app.args.has_value());
  ASSERT_EQ(app.env.size(), 2u);
  EXPECT_EQ(app.env[0].value, "x");
  EXPECT_FALSE(app.env[1].value.has_value());
  EXPECT_EQ(seen[0].host_paths.at("logs"), "/var/log");
  ASSERT_EQ(sealed.objects.size(), 2u);
  EXPECT_NE(sealed.objects[0].init_data_toml, sealed.objects[1].init_data_toml);
  EXPECT_EQ(sealed.objects[1].init_data_toml, std::string(kToml) + "# Pod/q\n");
  const YAML::Node first = YAML::LoadAll(sealed.yaml).at(0);
  EXPECT_EQ(initdata::DecodeAnnotation(
                first["metadata"]["annotations"][std::string(kAnnotation)].as<std::string>())
                .value(),
            sealed.objects[0].init_data_toml);

  // Resealing the sealed output gives the same bytes.
  seen.clear();
  EXPECT_EQ(SealManifest(sealed.yaml, options).value().yaml, sealed.yaml);

  const std::string bad_env = "apiVersion: v1\nkind: Pod\nmetadata: {name: r}\nspec:\n" +
                              std::string("  containers: [{name: c, image: i, env: {A: b}}]\n");
  const Error error = SealManifest(bad_env, options).error();
  EXPECT_EQ(error.code, ErrorCode::kMalformed);
  EXPECT_NE(error.message.find("document 1: Pod/r: spec.containers[c].env is not a list"),
            std::string::npos)
      << error.message;
}

}  // namespace
}  // namespace veil::kubernetes
