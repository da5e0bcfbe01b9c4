#include "veil/appraisal/tpm_eventlog/boot_claims_json.h"

#include <string>

#include "veil/base/hex.h"
#include "veil/evidence/tpm_eventlog/event_type.h"
#include "veil/evidence/tpm_eventlog/spec_id_event.h"

namespace veil::appraisal::tpm_eventlog {
namespace {

namespace el = evidence::tpm_eventlog;
using nlohmann::json;

json SecureBootVariables(const std::vector<el::SecureBootVariable>& variables) {
  json out = json::array();
  for (const el::SecureBootVariable& v : variables) {
    out.push_back({{"name", v.name},
                   {"event", v.event_index},
                   {"data_size", v.data_size},
                   {"digests", DigestsJson(v.digests)}});
  }
  return out;
}

json BootApplications(const std::vector<el::BootApplication>& applications) {
  json out = json::array();
  for (const el::BootApplication& app : applications) {
    out.push_back({{"event", app.event_index},
                   {"path", app.file_path},
                   {"digests", DigestsJson(app.digests)}});
  }
  return out;
}

json Sequence(const el::BootClaims& claims) {
  json out = json::object();
  for (const auto& [pcr, events] : claims.sequence) {
    json& list = out[std::to_string(pcr)] = json::array();
    for (const el::MeasuredEvent& e : events) list.push_back(el::EventTypeName(e.type));
  }
  return out;
}

}  // namespace

json DigestsJson(const std::vector<el::EventDigest>& digests) {
  json out = json::object();
  for (const el::EventDigest& d : digests) out[el::AlgorithmName(d.alg_id)] = HexEncode(d.digest);
  return out;
}

json BootClaimsJson(const el::BootClaims& claims) {
  json out;
  out["secure_boot"] = claims.secure_boot ? json(*claims.secure_boot) : json(nullptr);
  out["secure_boot_variables"] = SecureBootVariables(claims.secure_boot_variables);
  out["boot_applications"] = BootApplications(claims.boot_applications);
  out["kernel_image"] = nullptr;
  if (claims.kernel_image) {
    out["kernel_image"] = {{"event", claims.kernel_image->event_index},
                           {"path", claims.kernel_image->path},
                           {"digests", DigestsJson(claims.kernel_image->digests)}};
  }
  out["kernel_cmdline"] = nullptr;
  if (claims.kernel_cmdline) {
    out["kernel_cmdline"] = {{"event", claims.kernel_cmdline->event_index},
                             {"pcr", claims.kernel_cmdline->pcr},
                             {"source", el::CommandLineSourceName(claims.kernel_cmdline->source)},
                             {"text", claims.kernel_cmdline->text}};
  }
  out["sequence"] = Sequence(claims);
  return out;
}

}  // namespace veil::appraisal::tpm_eventlog
