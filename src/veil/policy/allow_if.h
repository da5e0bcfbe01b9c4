#pragma once
// The `allow_if` list of resource and identity rules: every condition evaluated (no
// short-circuit) over the request's input object, claim paths relative to it. A condition that
// reads `unverified.*` fails whatever it finds: that device evidence has no verifier
// (kbs/additional_evidence.h), so nothing may be released or certified on it.

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "veil/base/clock.h"
#include "veil/base/result.h"
#include "veil/policy/condition.h"
#include "veil/policy/reference_values.h"
#include "veil/policy/trace.h"

namespace veil::policy {

// The rule's `allow_if` member parsed as a list of conditions with their claims; a missing
// member is refused (`[]` allows unconditionally). Errors start with `where`.
Result<std::vector<Condition>> ParseAllowIf(const nlohmann::json& rule, const std::string& where);

// One entry per check, each with `rule` set to `rule_name`.
std::vector<TraceEntry> EvaluateAllowIf(const std::string& rule_name,
                                        const std::vector<Condition>& allow_if,
                                        const nlohmann::json& input,
                                        const ReferenceValueSet& references, TimePoint now);

}  // namespace veil::policy
