#pragma once
// What an attestation result says about the init-data a guest presented, in two forms:
// - CoCo's (attestation-service parse_init_data): the `[data]` map, with "aa.toml" and "cdh.toml"
//   turned into JSON objects when they parse as TOML, and "policy.rego" replaced by
//   "agent_policy_claims" (the JSON of its trailing `policy_data := {...}`) when that is present;
//   CoCo's EAR policies and token consumers read `init_data_claims.agent_policy_claims`.
// - Veil's document form: {"version", "algorithm", "data": {name: text}}, every entry verbatim.

#include <nlohmann/json.hpp>

#include "veil/initdata/init_data.h"

namespace veil::kbs {

nlohmann::json CocoInitDataClaims(const initdata::InitData& init_data);
nlohmann::json InitDataDocumentClaims(const initdata::InitData& init_data);

}  // namespace veil::kbs
