#pragma once
// "additional_evidence" of an /attest request: what CoCo's guest sends for devices next to the
// primary TEE (a GPU, ...), as a JSON string of {"<tee>": <evidence>} (guest-components
// NativeEvidenceProvider), or "" when there is none. It is bound into the primary evidence's
// report data, but Veil has no verifier for any device yet, so it is carried into the result as
// unverified: {"<tee>": {"verified": false, "reason": "...", "evidence": <as sent>}}. Resource
// policies cannot release on it (policy/resource_policy.h: claims under `unverified.`).

#include <string_view>

#include <nlohmann/json.hpp>

#include "veil/base/result.h"

namespace veil::kbs {

// An empty object for ""; kInvalidArgument when the text is not a JSON object of device evidence.
Result<nlohmann::json> UnverifiedAdditionalEvidence(std::string_view additional_evidence);

}  // namespace veil::kbs
