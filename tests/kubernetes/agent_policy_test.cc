// The generated control-plane policy run through Veil's Rego evaluator the way the Kata agent
// queries it: the rule named after the request, `input` = the request as JSON (the agent's
// protocols crate serialises CreateContainerRequest's OCI spec with upper-case field names:
// OCI.Process.Args, OCI.Process.Env, OCI.Mounts[].destination/source, OCI.Annotations).
#include "veil/kubernetes/agent_policy.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "veil/policy/rego/eval/policy.h"
#include "veil/policy/rego/eval/value.h"
#include "veil/policy/rego/parser.h"

namespace veil::kubernetes {
namespace {

namespace eval = policy::rego::eval;
using nlohmann::json;

PodDescription Shop() {
  PodDescription pod;
  pod.object = "Deployment/shop-web";
  ContainerDescription web;
  web.name = "web";
  web.image = "ghcr.io/example/shop-web:1.4.2@sha256:" + std::string(64, 'a');
  web.command = std::vector<std::string>{"/shop-web"};
  web.args = std::vector<std::string>{"--listen", ":8080"};
  web.env = {{"READ_ONLY", "true"}, {"LISTEN_PORT", std::nullopt}};
  web.mounts = {{"/cache", "cache"}};
  pod.containers.push_back(web);
  return pod;
}

eval::Policy Compile(const PodDescription& pod, AgentPolicyOptions options = {}) {
  auto text = GenerateAgentPolicy(pod, options);
  EXPECT_TRUE(text) << text.error().ToString();
  auto module = policy::rego::ParseModule(*text);
  EXPECT_TRUE(module) << module.error().ToString();
  auto compiled = eval::Policy::Compile(std::move(*module));
  EXPECT_TRUE(compiled) << compiled.error().ToString();
  return std::move(*compiled);
}

// True only when the rule's answer is the boolean true, as the agent requires.
bool Allows(const eval::Policy& policy, std::string_view request, const json& input) {
  auto decision = policy.Evaluate(request, eval::FromJson(input).value(), eval::Value::Object({}));
  EXPECT_TRUE(decision) << decision.error().ToString();
  return decision && decision->value == eval::Value::Boolean(true);
}

// The CreateContainerRequest containerd and the Kata runtime send for the manifest's `web`.
json WebRequest() {
  const std::string pod_mount = "/run/kata-containers/shared/containers/0123-";
  return {{"container_id", "0123"},
          {"OCI",
           {{"Annotations",
             {{"io.kubernetes.cri.container-type", "container"},
              {"io.kubernetes.cri.container-name", "web"},
              {"io.kubernetes.cri.image-name",
               "ghcr.io/example/shop-web:1.4.2@sha256:" + std::string(64, 'a')}}},
            {"Hooks", nullptr},
            {"Process",
             {{"Args", {"/shop-web", "--listen", ":8080"}},
              {"Env",
               {"PATH=/usr/bin:/bin", "HOSTNAME=shop-web-7d9", "READ_ONLY=true", "LISTEN_PORT=8080",
                "KUBERNETES_SERVICE_HOST=10.0.0.1", "KUBERNETES_PORT_443_TCP_ADDR=10.0.0.1"}}}},
            {"Mounts",
             {{{"destination", "/proc"}, {"source", "proc"}, {"type_", "proc"}},
              {{"destination", "/etc/hosts"}, {"source", pod_mount + "hosts"}, {"type_", "bind"}},
              {{"destination", "/cache"},
               {"source", "/run/kata-containers/sandbox/ephemeral/cache"},
               {"type_", "bind"}}}}}}};
}

TEST(AgentPolicy, AllowsTheManifestsContainerAsWritten) {
  // Every field of WebRequest is what the manifest says or what the runtime adds to every pod.
  const eval::Policy policy = Compile(Shop());
  EXPECT_TRUE(Allows(policy, "CreateContainerRequest", WebRequest()));
  // The sandbox (pause) container the runtime creates first.
  const json pause = {{"OCI",
                       {{"Annotations", {{"io.kubernetes.cri.container-type", "sandbox"}}},
                        {"Process", {{"Args", {"/pause"}}, {"Env", {"PATH=/bin"}}}},
                        {"Mounts", {{{"destination", "/dev/shm"}, {"source", "shm"}}}}}}};
  EXPECT_TRUE(Allows(policy, "CreateContainerRequest", pause));
  // The life-cycle requests hold whatever they carry.
  for (const std::string_view request : LifeCycleRequests()) {
    EXPECT_TRUE(Allows(policy, request, json::object())) << request;
  }
}

TEST(AgentPolicy, DeniesExecLogsCopyAndSetPolicyUnlessAnnotated) {
  // No veil.dev/allow-* annotation: the four requests have only their false defaults.
  const eval::Policy policy = Compile(Shop());
  const json exec = {
      {"container_id", "0123"}, {"exec_id", "e1"}, {"process", {{"Args", {"/bin/sh"}}}}};
  EXPECT_FALSE(Allows(policy, "ExecProcessRequest", exec));
  EXPECT_FALSE(Allows(policy, "ReadStreamRequest", {{"container_id", "0123"}, {"len", 4096}}));
  EXPECT_FALSE(Allows(policy, "CopyFileRequest", {{"path", "/etc/passwd"}}));
  EXPECT_FALSE(Allows(policy, "SetPolicyRequest", {{"policy", "package agent_policy"}}));
  EXPECT_FALSE(Allows(policy, "ReseedRandomDevRequest", json::object()));

  // The owner grants exec (only) by annotation: exec is allowed, logs stay denied.
  PodDescription annotated = Shop();
  annotated.annotations[std::string(kAllowExec)] = "web";
  const eval::Policy granted = Compile(annotated);
  EXPECT_TRUE(Allows(granted, "ExecProcessRequest", exec));
  EXPECT_FALSE(Allows(granted, "ReadStreamRequest", {{"container_id", "0123"}}));

  // An annotation naming a container the pod does not have is refused at seal time.
  annotated.annotations[std::string(kAllowLogs)] = "web,sidecar";
  EXPECT_FALSE(GenerateAgentPolicy(annotated, {}));
}

TEST(AgentPolicy, DeniesAContainerTheManifestDoesNotDescribe) {
  const eval::Policy policy = Compile(Shop(), {.pin_images = true});
  auto changed = [](auto edit) {
    json request = WebRequest();
    edit(request["OCI"]);
    return request;
  };
  // Another image: not the manifest's reference.
  EXPECT_FALSE(Allows(policy, "CreateContainerRequest", changed([](json& oci) {
                        oci["Annotations"]["io.kubernetes.cri.image-name"] = "evil.example/shell:1";
                      })));
  // Same name and tag, other digest: --pin-images matches the digest.
  EXPECT_FALSE(Allows(policy, "CreateContainerRequest", changed([](json& oci) {
                        oci["Annotations"]["io.kubernetes.cri.image-name"] =
                            "ghcr.io/example/shop-web:1.4.2@sha256:" + std::string(64, 'b');
                      })));
  // Another command: the argv must be the manifest's command then args.
  EXPECT_FALSE(Allows(policy, "CreateContainerRequest", changed([](json& oci) {
                        oci["Process"]["Args"] = {"/bin/sh", "-c", "cat /secrets/*"};
                      })));
  // An added variable the manifest does not set and the runtime does not add.
  EXPECT_FALSE(Allows(policy, "CreateContainerRequest", changed([](json& oci) {
                        oci["Process"]["Env"].push_back("LD_PRELOAD=/tmp/hook.so");
                      })));
  // The manifest's variable with another value.
  EXPECT_FALSE(Allows(policy, "CreateContainerRequest",
                      changed([](json& oci) { oci["Process"]["Env"][2] = "READ_ONLY=false"; })));
  // A host path mounted where the manifest mounts nothing.
  EXPECT_FALSE(Allows(
      policy, "CreateContainerRequest", changed([](json& oci) {
        oci["Mounts"].push_back({{"destination", "/host"}, {"source", "/"}, {"type_", "bind"}});
      })));
  // A host path swapped in under the manifest's own mount point.
  EXPECT_FALSE(Allows(policy, "CreateContainerRequest",
                      changed([](json& oci) { oci["Mounts"][2]["source"] = "/var/lib/kubelet"; })));
  // An OCI hook: a host-chosen program run in the guest before the container starts.
  EXPECT_FALSE(Allows(policy, "CreateContainerRequest", changed([](json& oci) {
                        oci["Hooks"] = {{"Prestart", {{{"Path", "/bin/sh"}}}}};
                      })));
  // A container the manifest does not have (e.g. an ephemeral debug container).
  EXPECT_FALSE(Allows(policy, "CreateContainerRequest", changed([](json& oci) {
                        oci["Annotations"]["io.kubernetes.cri.container-name"] = "debugger";
                      })));
}

TEST(AgentPolicy, UnpinnedImagesMatchByNameAndArgsOnlyAfterTheEntrypoint) {
  PodDescription pod = Shop();
  pod.containers[0].image = "shop-web:1.4.2";
  pod.containers[0].command.reset();
  const eval::Policy policy = Compile(pod);
  json request = WebRequest();
  // containerd's normal form of "shop-web:1.4.2", with some digest: unpinned matches the name.
  request["OCI"]["Annotations"]["io.kubernetes.cri.image-name"] =
      "docker.io/library/shop-web:1.4.2@sha256:" + std::string(64, 'c');
  request["OCI"]["Process"]["Args"] = {"/entrypoint", "--listen", ":8080"};
  EXPECT_TRUE(Allows(policy, "CreateContainerRequest", request));
  request["OCI"]["Process"]["Args"] = {"/entrypoint", "--listen", ":9090"};
  EXPECT_FALSE(Allows(policy, "CreateContainerRequest", request));
}

TEST(AgentPolicy, IsDeterministicAndEndsWithPolicyData) {
  const std::string text = GenerateAgentPolicy(Shop(), {}).value();
  EXPECT_EQ(text, GenerateAgentPolicy(Shop(), {}).value());
  const std::size_t at = text.find("\npolicy_data := {");
  ASSERT_NE(at, std::string::npos);
  const json data = json::parse(text.substr(at + 16));
  EXPECT_EQ(data["containers"]["web"]["env_from_cluster"], json({"LISTEN_PORT"}));
  EXPECT_EQ(ImageNames("nginx", false),
            (std::vector<std::string>{"docker.io/library/nginx:latest", "nginx"}));
}

}  // namespace
}  // namespace veil::kubernetes
