#pragma once
// The rule `extensions` of a Rego attestation policy, read as CoCo's attestation service reads it
// (trustee attestation-service/src/ear_token/broker.rs, EXTENSIONS_RULE): a list of
//   {"name": <string>, "key": <int32>, "value": <any JSON>}
// each of which becomes an extension of the EAR appraisal, the submod's member `name` holding
// `value` (the ear crate registers it under `name` and CBOR key `key`, and writes the JSON form by
// name, leaving out null values). Undefined is no extension. As there, a name or key given twice
// is an error (the attestation is refused), and so is anything that is not such a list (members
// other than the three are ignored, as serde does). Veil also refuses a name that is one of the
// appraisal's own members (ear.status, ...), which CoCo would write twice.

#include <nlohmann/json.hpp>
#include <optional>
#include <string_view>

#include "veil/base/result.h"
#include "veil/policy/rego/eval/value.h"

namespace veil::policy::coco {

inline constexpr std::string_view kExtensionsRule = "extensions";

// name → value, without the null ones; an empty object for an undefined rule.
Result<nlohmann::json> ExtensionsFromRego(const std::optional<rego::eval::Value>& extensions);

}  // namespace veil::policy::coco
