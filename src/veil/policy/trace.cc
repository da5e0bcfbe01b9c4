#include "veil/policy/trace.h"

#include <map>

namespace veil::policy {
namespace {

// The entry without its "rule R: " prefix.
std::string DescribeOutcome(const TraceEntry& entry) {
  const std::string note = entry.note.empty() ? "" : " (" + entry.note + ")";
  if (entry.skipped) return "skipped" + note;
  if (entry.claim.empty()) {
    const std::string operand = entry.expected.empty() ? "" : " " + entry.expected;
    return "condition " + entry.condition + operand + (entry.passed ? " holds" : " does not hold") +
           note;
  }
  if (!entry.found) return "claim " + entry.claim + " is absent, expected " + entry.expected + note;
  return "claim " + entry.claim + " expected " + entry.expected + ", found " + *entry.found + note;
}

}  // namespace

std::string DescribeTraceEntry(const TraceEntry& entry) {
  return "rule " + entry.rule + ": " + DescribeOutcome(entry);
}

std::vector<std::string> FailingRuleLines(const std::vector<TraceEntry>& trace) {
  std::vector<std::string> lines;
  std::map<std::string, std::size_t> line_of_rule;
  for (const TraceEntry& entry : trace) {
    if (entry.passed || entry.skipped || entry.overruled) continue;
    auto [it, inserted] = line_of_rule.emplace(entry.rule, lines.size());
    if (inserted) {
      lines.push_back(DescribeTraceEntry(entry));
    } else {
      lines[it->second] += "; " + DescribeOutcome(entry);
    }
  }
  return lines;
}

nlohmann::json TraceEntryToJson(const TraceEntry& entry) {
  return {{"rule", entry.rule},
          {"claim", entry.claim},
          {"condition", entry.condition},
          {"expected", entry.expected},
          {"found", entry.found ? nlohmann::json(*entry.found) : nlohmann::json(nullptr)},
          {"passed", entry.passed},
          {"skipped", entry.skipped},
          {"overruled", entry.overruled},
          {"note", entry.note},
          {"effect", entry.effect}};
}

nlohmann::json TraceToJson(const std::vector<TraceEntry>& trace) {
  nlohmann::json array = nlohmann::json::array();
  for (const TraceEntry& entry : trace) array.push_back(TraceEntryToJson(entry));
  return array;
}

}  // namespace veil::policy
