#pragma once
// Conditions: the one test a rule (attestation) or an allow_if item (resource) applies to a claim.
//   always: true|false            exists: true|false            equals / not_equals: scalar
//   one_of: [scalars]             min / max: integer            in_reference: NAME
//   min_reference: NAME           (an integer claim at least the lowest value of NAME)
//   reference_values: all         (attestation only: every "<tee>.<path>" reference value holds)
// `in_reference` and `min_reference` take `absent_reference: pass|fail` (default fail): the
// outcome when no reference value has that name. `reference_values` takes `except: [NAMES]`:
// names it leaves to other rules. Every condition but `exists: false` fails on an absent claim.
// Comparisons use canonical text (claim_value.h): hex case-insensitive, everything else exact.
// Operands are typed when the policy is parsed; evaluation meets no JSON operand.

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "veil/base/clock.h"
#include "veil/base/result.h"
#include "veil/policy/claim_value.h"
#include "veil/policy/reference_values.h"
#include "veil/policy/trace.h"

namespace veil::policy {

enum class ConditionKind {
  kAlways,
  kEquals,
  kNotEquals,
  kOneOf,
  kInReference,
  kMinReference,
  kMin,
  kMax,
  kExists,
  kReferenceValues
};

std::string_view ConditionName(ConditionKind kind);

// A string, integer or boolean operand of equals / not_equals / one_of, held as the canonical text
// it is compared by ("affirming", "8", "true").
struct Scalar {
  std::string text;
};
// The name of the reference values in_reference and min_reference compare with.
struct ReferenceName {
  std::string name;
};
// reference_values takes "all" and nothing else.
struct AllReferenceValues {};

// The operand as parsed; the condition kind fixes the alternative:
//   always, exists: bool            equals, not_equals: Scalar    one_of: std::vector<Scalar>
//   min, max: Integer               in_reference, min_reference: ReferenceName
//   reference_values: AllReferenceValues
using Operand =
    std::variant<bool, Scalar, std::vector<Scalar>, Integer, ReferenceName, AllReferenceValues>;

struct Condition {
  ConditionKind kind = ConditionKind::kAlways;
  std::string claim;                     // dotted path; empty for always and reference_values
  Operand operand = true;                // typed for `kind` by ParseCondition
  bool absent_reference_passes = false;  // in_reference and min_reference only
  std::vector<std::string> except = {};  // reference_values only: names it does not check
};

enum class ConditionContext { kAttestation, kResource };

// `check` holds exactly one condition key (plus absent_reference for in_reference and
// min_reference, except for reference_values); `claim` is the path written beside it, empty when
// none was. Errors (no context) start with `where`.
Result<Condition> ParseCondition(const nlohmann::json& check, std::string claim,
                                 ConditionContext context, std::string_view where);

// A condition written with its claim inside the same object ({claim: status, equals: affirming}),
// as resource rules' allow_if items and attestation rules' any_of alternatives write them.
Result<Condition> ParseConditionWithClaim(const nlohmann::json& item, ConditionContext context,
                                          const std::string& where);

// Every item of the JSON list `list` as ParseConditionWithClaim reads it, each at "<where>[i]".
Result<std::vector<Condition>> ParseConditionsWithClaim(const nlohmann::json& list,
                                                        ConditionContext context,
                                                        const std::string& where);

// What claim paths are relative to and how the trace shows them.
struct ClaimScope {
  const nlohmann::json* root = nullptr;  // must not be null
  std::string display_prefix;            // "snp." for attestation claims, "" for a resource input
  std::string tee;                       // reference_values: all checks the names "<tee>.*"
};

// One entry per check; `rule` and `effect` are left for the caller to fill in.
std::vector<TraceEntry> EvaluateCondition(const Condition& condition, const ClaimScope& scope,
                                          const ReferenceValueSet& references, TimePoint now);

}  // namespace veil::policy
