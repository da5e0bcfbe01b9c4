#include "pod_command.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iostream>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include "admin_connection.h"
#include "pod_agent_runtime.h"

#include "pod_secret_command.h"
#include "veil/base/file.h"
#include "veil/base/hex.h"
#include "veil/crypto/certificate.h"
#include "veil/initdata/guest_config.h"
#include "veil/initdata/init_data.h"
#include "veil/kubernetes/agent_policy.h"
#include "veil/kubernetes/agent_policy_explain.h"
#include "veil/kubernetes/pod_tee.h"
#include "veil/kubernetes/registration/init_data_reference.h"
#include "veil/kubernetes/registration/pod_resource_rules.h"
#include "veil/kubernetes/seal.h"
#include "veil/kubernetes/sealed_policies.h"
#include "veil/protocol/resource_uri.h"
#include "veil/protocol/tee_kind.h"

namespace veil::cli {
namespace {

constexpr std::size_t kMaxManifestBytes = std::size_t{16} << 20;

struct SealFlags {
  std::vector<std::string> manifests;
  std::string trustee, tee, trustee_ca, policy, runtime_class, out;
  bool pin_images = false;
  std::vector<std::string> resources;  // --resource: every sealed pod receives these
  bool register_values = false;        // --register
  Connection connection;               // --url, --key, --ca of the admin API
  kubernetes::PodRuntime runtime = kubernetes::PodRuntime::kKata;  // --runtime
  std::string agent_path = "/usr/local/bin/veil-agent";
};

// The guest configuration every sealed object shares; its policy is --policy's or per pod.
Result<initdata::GuestConfig> BuildGuestConfig(const SealFlags& flags, kubernetes::PodTee tee) {
  initdata::GuestConfig config;
  config.trustee_url = flags.trustee;
  config.algorithm = kubernetes::DefaultInitDataAlgorithm(tee);
  if (!flags.trustee_ca.empty()) {
    VEIL_ASSIGN_OR_RETURN(config.trustee_ca_pem, ReadFileText(flags.trustee_ca, 1u << 20));
    if (auto chain = crypto::Certificate::ChainFromPem(*config.trustee_ca_pem); !chain) {
      return Fail(InvalidArgument(flags.trustee_ca + ": " + chain.error().message));
    }
  }
  if (!flags.policy.empty()) {
    VEIL_ASSIGN_OR_RETURN(config.policy_rego, ReadFileText(flags.policy, 1u << 20));
  }
  return config;
}

// Without --policy: the pod's own init-data, its policy generated from the pod.
std::function<Result<std::string>(const kubernetes::PodDescription&)> PerPodInitData(
    const SealFlags& flags, const initdata::GuestConfig& config) {
  if (!flags.policy.empty()) return nullptr;
  const kubernetes::AgentPolicyOptions options{flags.pin_images};
  return [config, options](const kubernetes::PodDescription& pod) -> Result<std::string> {
    initdata::GuestConfig own = config;
    VEIL_ASSIGN_OR_RETURN(own.policy_rego, kubernetes::GenerateAgentPolicy(pod, options));
    for (const kubernetes::ContainerDescription& container : pod.containers) {
      if (!container.command) {
        std::cerr << "veil pod seal: " << pod.object << ": container " << container.name
                  << " sets no command: its entrypoint is the image's and the policy does not "
                     "pin it\n";
      }
    }
    return initdata::RenderInitData(own);
  };
}

// Where each manifest's sealed copy goes under --out: DIR/<its file name>, never over an input.
Result<std::vector<std::filesystem::path>> OutputPaths(const SealFlags& flags) {
  std::vector<std::filesystem::path> paths;
  std::set<std::string> names;
  for (const std::string& manifest : flags.manifests) {
    const std::filesystem::path name = std::filesystem::path(manifest).filename();
    if (!names.insert(name.string()).second) {
      return Fail(InvalidArgument("two manifests are named " + name.string() + "; --out DIR " +
                                  "holds one file per name"));
    }
    std::filesystem::path path = std::filesystem::path(flags.out) / name;
    std::error_code error;
    if (std::filesystem::equivalent(path, manifest, error)) {
      return Fail(InvalidArgument("--out would overwrite the input " + manifest));
    }
    paths.push_back(std::move(path));
  }
  return paths;
}

Status WriteText(const std::filesystem::path& path, const std::string& text) {
  std::ofstream file(path, std::ios::binary | std::ios::trunc);
  file << text;
  file.close();
  if (!file) return Fail(Error{ErrorCode::kUnavailable, "cannot write " + path.string(), "pod"});
  return {};
}

std::string Describe(const kubernetes::SealedObject& object) {
  std::string name = object.kind_name + "/" + (object.name.empty() ? "(unnamed)" : object.name);
  return object.ns.empty() ? name : object.ns + "/" + name;
}

Status Report(std::ostream& out, const std::string& manifest,
              const std::vector<kubernetes::SealedObject>& objects, kubernetes::PodTee tee) {
  const kubernetes::InitDataField field = kubernetes::InitDataFieldOf(tee);
  if (objects.empty()) out << manifest << ": no Pod or pod template to seal\n";
  for (const kubernetes::SealedObject& object : objects) {
    VEIL_ASSIGN_OR_RETURN(const initdata::InitData init,
                          initdata::ParseInitData(object.init_data_toml));
    out << manifest << ": " << Describe(object) << ": init-data " << init.algorithm << " "
        << HexEncode(init.digest);
    if (field.size == 0) {
      out << " (" << kubernetes::PodTeeName(tee) << ": no TEE field binds it)\n";
    } else {
      out << "; " << field.name << " " << HexEncode(initdata::InitDataFieldValue(init, field.size))
          << "\n";
    }
  }
  return {};
}

// The agent's [tee] kind for --tee under --runtime veil-agent (coco-dev: the sample TEE); --tee
// is checked against snp, tdx, coco-dev and tpm when parsed.
protocol::TeeKind AgentTee(const SealFlags& flags) {
  const Result<protocol::TeeKind> kind =
      protocol::ParseTeeKind(flags.tee == "coco-dev" ? "sample" : flags.tee);
  VEIL_CHECK(kind.has_value());
  return *kind;
}

// --runtime veil-agent: per container, what the agent will measure.
Status ReportAgent(std::ostream& out, const std::string& manifest,
                   const std::vector<kubernetes::SealedObject>& objects, protocol::TeeKind tee) {
  if (objects.empty()) out << manifest << ": no Pod or pod template to seal\n";
  for (const kubernetes::SealedObject& object : objects) {
    if (tee == protocol::TeeKind::kTpm && object.agent_containers.size() > 1) {
      out << manifest << ": " << Describe(object) << ": its " << object.agent_containers.size()
          << " containers extend the node's one PCR 23: each value below holds only for the first "
             "of them to start on a node\n";
    }
    for (const kubernetes::AgentContainer& container : object.agent_containers) {
      out << manifest << ": " << Describe(object) << ": container " << container.name << ": ";
      if (tee != protocol::TeeKind::kTpm) {
        out << "veil-agent measures nothing on " << protocol::TeeKindName(tee)
            << " (only into a TPM's PCR 23): the trustee sees the node's launch measurement\n";
        continue;
      }
      VEIL_ASSIGN_OR_RETURN(const std::string pcr, AgentPcrValue(container));
      out << "veil-agent tpm.pcrs.sha256.23 " << pcr << " (from a PCR 23 no workload extended)\n";
    }
  }
  return {};
}

std::string ShellQuoted(std::string_view text) {
  std::string quoted = "'";
  for (const char c : text) quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return quoted + "'";
}

template <class Resource>
std::string Joined(const std::vector<Resource>& resources) {
  std::string joined;
  for (const Resource& resource : resources) {
    if constexpr (std::is_same_v<Resource, protocol::ResourcePath>) {
      joined += (joined.empty() ? "" : ", ") + resource.str();
    } else {
      joined += (joined.empty() ? "" : ", ") + resource.resource.str();
    }
  }
  return joined;
}

Result<std::vector<protocol::ResourcePath>> ParseResourceFlags(const SealFlags& flags) {
  std::vector<protocol::ResourcePath> resources;
  for (const std::string& uri : flags.resources) {
    auto path = protocol::ParseResourceUri(uri);
    if (!path) return Fail(InvalidArgument("--resource: " + path.error().message));
    if (std::find(resources.begin(), resources.end(), *path) == resources.end())
      resources.push_back(std::move(*path));
  }
  return resources;
}

// The resources `object` receives: --resource's, then its veil.dev/resources annotation's.
Result<std::vector<protocol::ResourcePath>> ResourcesOf(
    const std::string& manifest, const kubernetes::SealedObject& object,
    const std::vector<protocol::ResourcePath>& common) {
  std::vector<protocol::ResourcePath> resources = common;
  auto own = kubernetes::ParseResourceList(object.resources);
  if (!own) {
    return Fail(InvalidArgument(manifest + ": " + Describe(object) + ": " +
                                std::string(kubernetes::kResourcesAnnotationKey) + ": " +
                                own.error().message));
  }
  for (protocol::ResourcePath& resource : *own) {
    if (std::find(resources.begin(), resources.end(), resource) == resources.end())
      resources.push_back(std::move(resource));
  }
  return resources;
}

// A sealed object as --register sees it: a Kata pod's init-data digest; under veil-agent on a
// TPM, each container's PCR 23 value; on other TEEs veil-agent measures nothing (none).
Result<std::vector<kubernetes::SealedWorkload>> WorkloadsOf(
    const std::string& manifest, const kubernetes::SealedObject& object,
    const std::vector<protocol::ResourcePath>& common, const SealFlags& flags) {
  VEIL_ASSIGN_OR_RETURN(std::vector<protocol::ResourcePath> resources,
                        ResourcesOf(manifest, object, common));
  const std::string name =
      object.kind_name + "/" + (object.name.empty() ? "(unnamed)" : object.name);
  std::vector<kubernetes::SealedWorkload> workloads;
  if (flags.runtime == kubernetes::PodRuntime::kKata) {
    VEIL_ASSIGN_OR_RETURN(const initdata::InitData init,
                          initdata::ParseInitData(object.init_data_toml));
    workloads.push_back({manifest, name, object.ns, HexEncode(init.digest), resources});
    return workloads;
  }
  if (AgentTee(flags) != protocol::TeeKind::kTpm) return workloads;
  for (const kubernetes::AgentContainer& container : object.agent_containers) {
    VEIL_ASSIGN_OR_RETURN(std::string pcr, AgentPcrValue(container));
    workloads.push_back({manifest, name + " container " + container.name, object.ns, std::move(pcr),
                         resources, kubernetes::ReferenceBinding::kAgentPcr23});
  }
  return workloads;
}

// Without --register: what the owner would run to do it by hand.
Status PrintRegistration(std::ostream& out,
                         const std::vector<kubernetes::InitDataReference>& references) {
  if (references.empty()) return {};
  out << "to register (or seal again with --register):\n";
  for (const kubernetes::InitDataReference& reference : references) {
    out << "  veil refval add " << reference.name << " " << reference.value << " --provenance "
        << ShellQuoted(reference.provenance) << "\n";
  }
  out << "and put first in the trustee's resource policy (veil policy get resource > FILE; edit; "
         "veil policy set resource FILE):\n";
  for (const kubernetes::BoundResource& resource : kubernetes::ReferencedResources(references)) {
    VEIL_ASSIGN_OR_RETURN(const nlohmann::json rule, kubernetes::PodResourceRule(resource));
    out << "  " << rule.dump() << "\n";
  }
  return {};
}

// --register: the values appended (a value the name already has only takes the new provenance),
// then the resource policy's rules merged in, stored only when a rule was missing.
Status Register(const admin_client::AdminClient& client, std::ostream& out,
                const std::vector<kubernetes::InitDataReference>& references) {
  for (const kubernetes::InitDataReference& reference : references) {
    VEIL_TRY(client.AddReferenceValue({reference.name,
                                       {reference.value},
                                       reference.provenance,
                                       std::nullopt,
                                       admin_client::ReferenceValueMode::kAppend}));
    out << "registered " << reference.name << " " << reference.value << " (" << reference.provenance
        << ")\n";
  }
  const std::vector<kubernetes::BoundResource> resources =
      kubernetes::ReferencedResources(references);
  VEIL_ASSIGN_OR_RETURN(const nlohmann::json current,
                        client.GetPolicy(admin_client::PolicyKind::kResource));
  const std::string text = current.value("policy", std::string());
  VEIL_ASSIGN_OR_RETURN(const kubernetes::MergedResourcePolicy merged,
                        kubernetes::MergePodResourceRules(text, resources));
  if (merged.added.empty()) {
    out << "resource policy " << merged.id << ": already releases " << Joined(resources)
        << " only to registered init-data\n";
    return {};
  }
  VEIL_TRY(client.SetPolicy(admin_client::PolicyKind::kResource, AsBytes(merged.text)));
  out << "resource policy " << merged.id << ": now releases " << Joined(merged.added)
      << " only to registered init-data\n";
  return {};
}

// The options of a seal for the Kata runtime (the default) or for veil-agent.
Result<kubernetes::SealOptions> MakeOptions(const SealFlags& flags,
                                            const std::vector<protocol::ResourcePath>& common) {
  if (flags.runtime == kubernetes::PodRuntime::kVeilAgent) {
    for (const auto& [set, option] : {std::pair{!flags.policy.empty(), "--policy"},
                                      std::pair{!flags.runtime_class.empty(), "--runtime-class"},
                                      std::pair{flags.pin_images, "--pin-images"}}) {
      if (set)
        return Fail(InvalidArgument(std::string(option) + " applies to --runtime kata only"));
    }
    if (flags.register_values && AgentTee(flags) != protocol::TeeKind::kTpm) {
      return Fail(InvalidArgument("--register with --runtime veil-agent needs --tee tpm: on " +
                                  flags.tee +
                                  " veil-agent measures nothing a resource policy could compare"));
    }
    kubernetes::SealOptions options;
    options.runtime = kubernetes::PodRuntime::kVeilAgent;
    options.agent_path = flags.agent_path;
    if (!flags.trustee_ca.empty()) {
      VEIL_ASSIGN_OR_RETURN(options.agent_trustee_ca_pem, ReadFileText(flags.trustee_ca, 1u << 20));
      if (auto chain = crypto::Certificate::ChainFromPem(*options.agent_trustee_ca_pem); !chain)
        return Fail(InvalidArgument(flags.trustee_ca + ": " + chain.error().message));
    }
    const AgentRuntimeSettings settings{flags.trustee, !flags.trustee_ca.empty(),
                                        std::string(protocol::TeeKindName(AgentTee(flags))),
                                        common};
    options.agent_containers_for = [settings](const kubernetes::PodDescription& pod)
        -> Result<std::vector<kubernetes::AgentContainer>> {
      auto containers = AgentContainersFor(pod, settings);
      if (!containers) return Fail(InvalidArgument(pod.object + ": " + containers.error().message));
      return containers;
    };
    return options;
  }
  VEIL_ASSIGN_OR_RETURN(const kubernetes::PodTee tee, kubernetes::ParsePodTee(flags.tee));
  VEIL_ASSIGN_OR_RETURN(const initdata::GuestConfig config, BuildGuestConfig(flags, tee));
  // With --policy, one init-data for all; rendered now so that a bad configuration fails early.
  kubernetes::SealOptions options;
  if (!flags.policy.empty()) {
    VEIL_ASSIGN_OR_RETURN(options.init_data_toml, initdata::RenderInitData(config));
  }
  options.runtime_class = flags.runtime_class.empty()
                              ? std::string(kubernetes::DefaultRuntimeClass(tee))
                              : flags.runtime_class;
  options.init_data_for = PerPodInitData(flags, config);
  return options;
}

int Seal(const SealFlags& flags) {
  auto common = ParseResourceFlags(flags);
  auto options =
      common ? MakeOptions(flags, *common) : Result<kubernetes::SealOptions>(Fail(common.error()));
  auto paths =
      flags.out.empty() ? Result<std::vector<std::filesystem::path>>{} : OutputPaths(flags);
  if (!options || !paths) {
    std::cerr << "veil pod seal: " << (!options ? options.error() : paths.error()).ToString()
              << "\n";
    return 2;
  }
  // --register needs the admin key: refused before anything is written.
  const SystemClock clock;
  std::optional<admin_client::AdminClient> client;
  if (flags.register_values) {
    auto connected = Connect(flags.connection, clock);
    if (!connected) return cli::Report(connected.error(), &flags.connection);
    client.emplace(std::move(*connected));
  }
  std::ostream& report = flags.out.empty() ? std::cerr : std::cout;
  std::error_code mkdir_error;
  if (!flags.out.empty()) std::filesystem::create_directories(flags.out, mkdir_error);
  std::vector<kubernetes::SealedWorkload> workloads;
  for (std::size_t i = 0; i < flags.manifests.size(); ++i) {
    const std::string& manifest = flags.manifests[i];
    auto text = ReadFileText(manifest, kMaxManifestBytes);
    if (!text) {
      std::cerr << "veil pod seal: " << text.error().ToString() << "\n";
      return 2;
    }
    auto sealed = kubernetes::SealManifest(*text, *options);
    if (!sealed) {
      std::cerr << "veil pod seal: " << manifest << ": " << sealed.error().ToString() << "\n";
      return 2;
    }
    if (flags.out.empty()) {
      if (i > 0 && !sealed->yaml.starts_with("---")) std::cout << "---\n";
      std::cout << sealed->yaml;
      if (!sealed->yaml.empty() && !sealed->yaml.ends_with('\n')) std::cout << "\n";
    } else if (auto written = WriteText((*paths)[i], sealed->yaml); !written) {
      std::cerr << "veil pod seal: " << written.error().ToString() << "\n";
      return 2;
    }
    // MakeOptions parsed --tee for Kata already: it is one of ParsePodTee's.
    auto reported =
        flags.runtime == kubernetes::PodRuntime::kKata
            ? Report(report, manifest, sealed->objects, *kubernetes::ParsePodTee(flags.tee))
            : ReportAgent(report, manifest, sealed->objects, AgentTee(flags));
    if (!reported) {
      std::cerr << "veil pod seal: " << reported.error().ToString() << "\n";
      return 2;
    }
    for (const kubernetes::SealedObject& object : sealed->objects) {
      auto own = WorkloadsOf(manifest, object, *common, flags);
      if (!own) {
        std::cerr << "veil pod seal: " << own.error().ToString() << "\n";
        return 2;
      }
      workloads.insert(workloads.end(), own->begin(), own->end());
    }
  }
  auto references = kubernetes::PlanInitDataReferences(workloads);
  if (!references) {
    std::cerr << "veil pod seal: " << references.error().ToString() << "\n";
    return 2;
  }
  if (!client) {
    auto printed = PrintRegistration(report, *references);
    if (!printed) std::cerr << "veil pod seal: " << printed.error().ToString() << "\n";
    return printed ? 0 : 2;
  }
  if (references->empty()) {
    std::cerr << "veil pod seal: --register: no sealed pod receives a resource: name them with "
                 "--resource kbs:///REPO/TYPE/TAG or the pod annotation "
              << kubernetes::kResourcesAnnotationKey << "\n";
    return 2;
  }
  if (auto registered = Register(*client, report, *references); !registered) {
    return cli::Report(registered.error(), &flags.connection);
  }
  return 0;
}

// FILE is a policy when its first statement is `package`, else a (sealed) manifest.
bool IsRego(std::string_view text) {
  while (!text.empty()) {
    const std::size_t end = std::min(text.find('\n'), text.size());
    std::string_view line = text.substr(0, end);
    while (!line.empty() && (line.front() == ' ' || line.front() == '\t')) line.remove_prefix(1);
    if (!line.empty() && line.front() != '#' && line != "\r") return line.starts_with("package");
    text.remove_prefix(std::min(end + 1, text.size()));
  }
  return false;
}

int Explain(const std::string& file) {
  auto text = ReadFileText(file, kMaxManifestBytes);
  if (!text) {
    std::cerr << "veil pod policy explain: " << text.error().ToString() << "\n";
    return 2;
  }
  std::vector<kubernetes::SealedPolicy> policies;
  if (IsRego(*text)) {
    policies.push_back(kubernetes::SealedPolicy{file, *text});
  } else if (auto sealed = kubernetes::SealedAgentPolicies(*text); !sealed) {
    std::cerr << "veil pod policy explain: " << file << ": " << sealed.error().ToString() << "\n";
    return 2;
  } else if (sealed->empty()) {
    std::cerr << "veil pod policy explain: " << file << ": no sealed Pod or pod template\n";
    return 2;
  } else {
    policies = std::move(*sealed);
  }
  for (std::size_t i = 0; i < policies.size(); ++i) {
    auto explained = kubernetes::ExplainAgentPolicy(policies[i].policy_rego);
    if (!explained) {
      std::cerr << "veil pod policy explain: " << policies[i].object << ": "
                << explained.error().ToString() << "\n";
      return 2;
    }
    std::cout << (i > 0 ? "\n" : "") << policies[i].object << ":\n" << *explained;
  }
  return 0;
}

void RegisterPolicyCommands(CLI::App& pod, int& exit_code) {
  CLI::App* policy =
      pod.add_subcommand("policy", "The control-plane (Kata agent) policy of sealed pods");
  policy->require_subcommand(1);
  auto file = std::make_shared<std::string>();
  CLI::App* explain = policy->add_subcommand(
      "explain",
      "Say in words what a Kata agent policy allows: each agent request's decision and, for a "
      "policy veil pod seal generated, each container's image, argv, environment and mounts");
  explain
      ->add_option("file", *file,
                   "A policy.rego, or a sealed manifest (each sealed pod's policy is explained)")
      ->required()
      ->check(CLI::ExistingFile);
  explain->footer("Example:\n  veil pod policy explain sealed/app.yaml");
  explain->callback([file, &exit_code] { exit_code = Explain(*file); });
}

}  // namespace

void RegisterPodCommands(CLI::App& app, int& exit_code) {
  CLI::App* pod = app.add_subcommand(
      "pod", "Kubernetes: turn manifests into CoCo/Kata confidential pods bound to your trustee");
  pod->require_subcommand(1);
  auto flags = std::make_shared<SealFlags>();
  CLI::App* seal = pod->add_subcommand(
      "seal",
      "Set the TEE's Kata runtime class and the init-data annotation (trustee URL, certificate, "
      "agent policy) on every Pod and pod template; print the init-data digest per object");
  seal->add_option("manifests", flags->manifests, "Kubernetes manifests (multi-document YAML)")
      ->required()
      ->check(CLI::ExistingFile);
  seal->add_option("--trustee", flags->trustee,
                   "The trustee's URL as the guest reaches it (http:// or https://)")
      ->required();
  seal->add_option("--tee", flags->tee,
                   "The TEE: snp, tdx or coco-dev (no TEE, for testing); with --runtime "
                   "veil-agent also tpm")
      ->required()
      ->check(CLI::IsMember({"snp", "tdx", "coco-dev", "tpm"}));
  seal->add_option("--trustee-ca", flags->trustee_ca,
                   "PEM certificate the guest trusts for the trustee's HTTPS (its CA or itself)")
      ->check(CLI::ExistingFile);
  seal->add_option("--policy", flags->policy,
                   "Kata agent policy (Rego, package agent_policy) for every pod; default: one "
                   "generated per pod from the manifest (docs/kubernetes.md)")
      ->check(CLI::ExistingFile);
  seal->add_flag("--pin-images", flags->pin_images,
                 "In generated policies, match an image reference that carries a digest by its "
                 "digest (otherwise by name and tag)");
  seal->add_option(
      "--runtime-class", flags->runtime_class,
      "Runtime class name (default: kata-qemu-snp, kata-qemu-tdx, kata-qemu-coco-dev)");
  seal->add_option("--out", flags->out,
                   "Write each sealed manifest to DIR/<its file name> instead of stdout");
  seal->add_option("--resource", flags->resources,
                   "kbs:///REPO/TYPE/TAG a sealed pod receives (repeatable; every pod of the run, "
                   "besides those its veil.dev/resources annotation names)");
  seal->add_flag("--register", flags->register_values,
                 "Store each pod's init-data digest in the trustee (--url, --key) as the reference "
                 "value of each resource it receives, with provenance, and add resource policy "
                 "rules releasing those resources only to registered init-data");
  AddConnectionOptions(seal, flags->connection);
  seal->add_option("--runtime", flags->runtime,
                   "kata (default): Kata confidential pods with init-data; veil-agent: run each "
                   "container's command under `veil-agent run` on nodes that are TEEs themselves")
      ->transform(CLI::CheckedTransformer(
          std::map<std::string, kubernetes::PodRuntime>{
              {"kata", kubernetes::PodRuntime::kKata},
              {"veil-agent", kubernetes::PodRuntime::kVeilAgent}},
          CLI::ignore_case));
  seal->add_option("--agent-path", flags->agent_path,
                   "veil-agent's path in the containers' images (--runtime veil-agent; default "
                   "/usr/local/bin/veil-agent)");
  seal->footer(
      "Example:\n  veil pod seal app.yaml --trustee https://trustee.example:8080 --tee snp "
      "--trustee-ca trustee-ca.pem --out sealed/\n"
      "The init-data digest printed per object is what the TEE field will hold; see "
      "docs/kubernetes.md.");
  seal->callback([flags, &exit_code] { exit_code = Seal(*flags); });
  RegisterPolicyCommands(*pod, exit_code);
  RegisterPodSecretCommands(*pod, exit_code);
}

}  // namespace veil::cli
