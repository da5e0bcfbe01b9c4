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

}  // namespace veil::initdata
