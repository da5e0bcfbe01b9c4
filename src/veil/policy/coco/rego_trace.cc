#include "veil/policy/coco/rego_trace.h"

#include <string>

namespace veil::policy::coco {

std::vector<TraceEntry> RegoTrace(std::span<const rego::eval::RuleHit> hits) {
  std::vector<TraceEntry> trace;
  for (const rego::eval::RuleHit& hit : hits) {
    TraceEntry& entry = trace.emplace_back();
    entry.rule = hit.name;
    entry.condition = "rego";
    entry.passed = true;
    entry.note = "line " + std::to_string(hit.line) + " produced a value";
  }
  return trace;
}

}  // namespace veil::policy::coco
