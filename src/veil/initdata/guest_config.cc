#include "veil/initdata/guest_config.h"

#include "veil/base/error.h"
#include "veil/initdata/init_data.h"
#include "veil/initdata/toml_text.h"

namespace veil::initdata {
namespace {

Error ConfigError(std::string message) {
  return Error{ErrorCode::kInvalidArgument, std::move(message), "init-data"};
}

Status CheckConfig(const GuestConfig& config) {
  const std::string_view url = config.trustee_url;
  const bool http = url.starts_with("http://") || url.starts_with("https://");
  const std::size_t host = url.find("://") + 3;
  if (!http || url.size() <= host || url.find_first_of("?# \t\n") != std::string_view::npos) {
    return Fail(ConfigError("trustee URL must be http(s)://HOST[:PORT][/PATH], got \"" +
                            std::string(url) + "\""));
  }
  if (config.trustee_ca_pem &&
      config.trustee_ca_pem->find("-----BEGIN CERTIFICATE-----") == std::string::npos) {
    return Fail(ConfigError("trustee certificate holds no PEM \"BEGIN CERTIFICATE\" block"));
  }
  // The init-data ends up in a pod annotation any cluster user may read.
  if (config.trustee_ca_pem && config.trustee_ca_pem->find("PRIVATE KEY") != std::string::npos) {
    return Fail(
        ConfigError("trustee certificate file also holds a private key; give only the "
                    "certificate, the init-data is readable by the whole cluster"));
  }
  if (config.policy_rego.empty()) return Fail(ConfigError("the agent policy is empty"));
  if (config.algorithm == crypto::DigestAlgorithm::kSha1) {
    return Fail(ConfigError("init-data algorithm must be sha256, sha384 or sha512"));
  }
  return {};
}

std::string WithFinalNewline(std::string text) {
  if (!text.empty() && text.back() != '\n') text += '\n';
  return text;
}

std::string AttestationAgentToml(const GuestConfig& config) {
  std::string out = "[token_configs.kbs]\nurl = " + TomlBasicString(config.trustee_url) + "\n";
  if (config.trustee_ca_pem) {
    out += "cert = " + TomlMultiLineBasicString(WithFinalNewline(*config.trustee_ca_pem)) + "\n";
  }
  return out;
}

std::string DataHubToml(const GuestConfig& config) {
  std::string out = "[kbc]\nname = \"cc_kbc\"\nurl = " + TomlBasicString(config.trustee_url) + "\n";
  if (config.trustee_ca_pem) {
    out +=
        "kbs_cert = " + TomlMultiLineBasicString(WithFinalNewline(*config.trustee_ca_pem)) + "\n";
  }
  return out;
}

}  // namespace

Result<std::string> RenderInitData(const GuestConfig& config) {
  VEIL_TRY(CheckConfig(config));
  const std::string aa = AttestationAgentToml(config);
  const std::string cdh = DataHubToml(config);
  const std::string toml =
      "version = \"0.1.0\"\nalgorithm = \"" + std::string(crypto::DigestName(config.algorithm)) +
      "\"\n\n[data]\n\"aa.toml\" = " + TomlMultiLineString(aa) +
      "\n\n\"cdh.toml\" = " + TomlMultiLineString(cdh) +
      "\n\n\"policy.rego\" = " + TomlMultiLineString(config.policy_rego) + "\n";
  // The document must read back as what was meant; a policy that is not UTF-8, say, would not.
  VEIL_ASSIGN_OR_RETURN(const InitData parsed, ParseInitData(toml));
  if (parsed.data.size() != 3 || parsed.data.at("aa.toml") != aa ||
      parsed.data.at("cdh.toml") != cdh || parsed.data.at("policy.rego") != config.policy_rego) {
    return Fail(ConfigError("the rendered init-data does not read back as written"));
  }
  return toml;
}

std::string_view PlaceholderAgentPolicy() {
  // The request names of Kata's src/kata-opa/allow-all-except-exec-process.rego, with the
  // denials of its coco-default.rego (reseeding the guest's RNG, replacing the policy) and logs.
  return R"(# Veil placeholder Kata agent policy (veil pod seal without --policy).
# Allows every agent request except exec, log reads, RNG reseeding and policy replacement. It does NOT pin the
# pod's images, commands, environment or mounts; a generated policy will (docs/kubernetes.md).
package agent_policy

default AddARPNeighborsRequest := true
default AddSwapRequest := true
default CloseStdinRequest := true
default CopyFileRequest := true
default CreateContainerRequest := true
default CreateSandboxRequest := true
default DestroySandboxRequest := true
default ExecProcessRequest := false
default GetMetricsRequest := true
default GetOOMEventRequest := true
default GuestDetailsRequest := true
default ListInterfacesRequest := true
default ListRoutesRequest := true
default MemHotplugByProbeRequest := true
default OnlineCPUMemRequest := true
default PauseContainerRequest := true
default PullImageRequest := true
default ReadStreamRequest := false
default RemoveContainerRequest := true
default RemoveStaleVirtiofsShareMountsRequest := true
default ReseedRandomDevRequest := false
default ResumeContainerRequest := true
default SetGuestDateTimeRequest := true
default SetPolicyRequest := false
default SignalProcessRequest := true
default StartContainerRequest := true
default StartTracingRequest := true
default StatsContainerRequest := true
default StopTracingRequest := true
default TtyWinResizeRequest := true
default UpdateContainerRequest := true
default UpdateEphemeralMountsRequest := true
default UpdateInterfaceRequest := true
default UpdateRoutesRequest := true
default WaitProcessRequest := true
default WriteStreamRequest := true
)";
}

}  // namespace veil::initdata
