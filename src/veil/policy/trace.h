#pragma once
// The trace of a policy evaluation: one entry per condition checked (a `reference_values: all`
// rule leaves one per reference-valued claim) and one per rule skipped, so that a reader can
// see what was compared with what and why the outcome is what it is.

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace veil::policy {

struct TraceEntry {
  std::string rule;       // the rule's name
  std::string claim;      // claim path as shown ("snp.policy.debug"); empty when none is read
  std::string condition;  // "equals", "in_reference", ... or "tee" / "resource" for a skip
  std::string expected;   // "false", "one of [snp, tdx]", "at least 8", ...
  std::optional<std::string> found;  // canonical text of the claim; nullopt when it is absent
  bool passed = false;
  bool skipped = false;  // the rule does not apply (tee filter, resource glob)
  // Failed inside an any_of alternative of a rule that another alternative made hold: it decided
  // nothing and gives no denial reason.
  bool overruled = false;
  std::string note;    // "claim X is absent", ignored expired reference values, ...
  std::string effect;  // AR4SI claims the rule's outcome set ("configuration=97")
  // The reference value name the condition needed and found no current value of
  // ("snp.measurement").
  std::string missing_reference;
};

// One line: "rule no-debug: claim snp.policy.debug expected false, found true",
// "rule known-ak: claim tpm.ak is absent (expected ...)", "rule r: skipped (tee snp not in [tpm])".
std::string DescribeTraceEntry(const TraceEntry& entry);

// Joins the failing (not skipped, not overruled) entries of each rule into one line per rule, in
// trace order.
std::vector<std::string> FailingRuleLines(const std::vector<TraceEntry>& trace);

nlohmann::json TraceEntryToJson(const TraceEntry& entry);
nlohmann::json TraceToJson(const std::vector<TraceEntry>& trace);

}  // namespace veil::policy
