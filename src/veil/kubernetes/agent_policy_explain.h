#pragma once
// `veil pod policy explain`: a Kata agent policy described in words. Every request the Kata
// agent knows (and every other `...Request` rule the policy defines) with the policy's decision
// as Veil's Rego evaluator gives it for an empty request: allowed whatever the request carries,
// denied, or allowed only when the request matches a rule. For a policy that `veil pod seal`
// generated (agent_policy.h), read from its `policy_data`: per container the image, argv,
// environment and mounts it may be created with, and who was granted exec, logs, copy-file and
// set-policy.

#include <string>
#include <string_view>

#include "veil/base/result.h"

namespace veil::kubernetes {

// kInvalidArgument (with the evaluator's error) for text that is not a Rego module Veil can
// compile or whose package is not `agent_policy`.
Result<std::string> ExplainAgentPolicy(std::string_view rego);

}  // namespace veil::kubernetes
