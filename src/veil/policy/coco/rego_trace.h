#pragma once
// The evaluator's rule hits as Veil trace entries: one per Rego rule definition (or `else`, or
// default) that produced a value, in the order they first did, as
//   {rule: <rule name>, condition: "rego", passed: true, note: "line N produced a value"}.

#include <span>
#include <vector>

#include "veil/policy/rego/eval/policy.h"
#include "veil/policy/trace.h"

namespace veil::policy::coco {

std::vector<TraceEntry> RegoTrace(std::span<const rego::eval::RuleHit> hits);

}  // namespace veil::policy::coco
