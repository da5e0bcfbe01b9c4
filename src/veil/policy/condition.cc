#include "veil/policy/condition.h"

#include <algorithm>
#include <array>
#include <optional>
#include <utility>

#include "veil/policy/claim_value.h"
#include "veil/policy/document.h"

namespace veil::policy {
namespace {

using Json = nlohmann::json;

constexpr std::array<std::pair<std::string_view, ConditionKind>, 10> kConditions = {{
    {"always", ConditionKind::kAlways},
    {"equals", ConditionKind::kEquals},
    {"not_equals", ConditionKind::kNotEquals},
    {"one_of", ConditionKind::kOneOf},
    {"in_reference", ConditionKind::kInReference},
    {"min_reference", ConditionKind::kMinReference},
    {"min", ConditionKind::kMin},
    {"max", ConditionKind::kMax},
    {"exists", ConditionKind::kExists},
    {"reference_values", ConditionKind::kReferenceValues},
}};
constexpr std::string_view kAbsentReference = "absent_reference";
constexpr std::string_view kExcept = "except";
// At most this many accepted values are spelled out in a trace line.
constexpr std::size_t kShownValues = 5;

std::string ConditionNames() {
  std::string names;
  for (const auto& [name, kind] : kConditions)
    names += (names.empty() ? "" : ", ") + std::string(name);
  return names;
}

std::optional<ConditionKind> ConditionFromName(std::string_view name) {
  for (const auto& [known, kind] : kConditions) {
    if (known == name) return kind;
  }
  return std::nullopt;
}

bool ReadsClaim(ConditionKind kind) {
  return kind != ConditionKind::kAlways && kind != ConditionKind::kReferenceValues;
}

// Strings, integers and booleans: the values canonical text represents without ambiguity.
bool IsComparableScalar(const Json& value) {
  return value.is_string() || value.is_number_integer() || value.is_boolean();
}

Error Invalid(std::string_view where, const std::string& message) {
  return InvalidArgument(std::string(where) + ": " + message);
}

Result<ConditionKind> SingleConditionKind(const Json& check, std::string_view where) {
  if (!check.is_object())
    return Fail(Invalid(where, "expected a condition object, found " + Quoted(check)));
  std::vector<std::string> found;
  for (const auto& [key, unused] : check.items()) {
    if (key == kAbsentReference || key == kExcept) continue;
    if (!ConditionFromName(key)) {
      return Fail(
          Invalid(where, "unknown condition \"" + key + "\"; expected one of " + ConditionNames()));
    }
    found.push_back(key);
  }
  if (found.size() != 1) {
    std::string listed;
    for (const std::string& name : found) listed += (listed.empty() ? "" : ", ") + name;
    return Fail(Invalid(where, "expected exactly one condition, found " +
                                   std::to_string(found.size()) +
                                   (found.empty() ? "" : " (" + listed + ")")));
  }
  return *ConditionFromName(found.front());
}

std::optional<Scalar> AsScalar(const Json& value) {
  if (!IsComparableScalar(value)) return std::nullopt;
  return Scalar{*CanonicalText(value)};
}

// All of `list` as scalars, or nullopt when it is not a non-empty list of them.
std::optional<std::vector<Scalar>> AsScalarList(const Json& list) {
  if (!list.is_array() || list.empty()) return std::nullopt;
  std::vector<Scalar> scalars;
  for (const Json& item : list) {
    std::optional<Scalar> scalar = AsScalar(item);
    if (!scalar) return std::nullopt;
    scalars.push_back(std::move(*scalar));
  }
  return scalars;
}

// The operand `kind` takes, typed; the one place that looks at the JSON type of an operand.
Result<Operand> ParseOperand(ConditionKind kind, const Json& operand, std::string_view where) {
  const std::string name(ConditionName(kind));
  switch (kind) {
    case ConditionKind::kAlways:
    case ConditionKind::kExists:
      if (operand.is_boolean()) return Operand(operand.get<bool>());
      return Fail(Invalid(where, name + ": expected true or false, found " + Quoted(operand)));
    case ConditionKind::kEquals:
    case ConditionKind::kNotEquals:
      if (std::optional<Scalar> scalar = AsScalar(operand)) return Operand(std::move(*scalar));
      return Fail(Invalid(
          where, name + ": expected a string, integer or boolean, found " + Quoted(operand)));
    case ConditionKind::kOneOf:
      if (auto scalars = AsScalarList(operand)) return Operand(std::move(*scalars));
      return Fail(Invalid(
          where, name + ": expected a non-empty list of strings, integers or booleans, found " +
                     Quoted(operand)));
    case ConditionKind::kInReference:
    case ConditionKind::kMinReference:
      if (operand.is_string() && !operand.get_ref<const std::string&>().empty())
        return Operand(ReferenceName{operand.get<std::string>()});
      return Fail(
          Invalid(where, name + ": expected a reference value name, found " + Quoted(operand)));
    case ConditionKind::kMin:
    case ConditionKind::kMax:
      if (std::optional<Integer> bound = AsInteger(operand)) return Operand(*bound);
      return Fail(Invalid(where, name + ": expected an integer, found " + Quoted(operand)));
    case ConditionKind::kReferenceValues:
      if (operand == "all") return Operand(AllReferenceValues{});
      return Fail(Invalid(where, name + ": expected \"all\", found " + Quoted(operand)));
  }
  return Fail(Invalid(where, "unknown condition " + name));
}

Status CheckClaimPath(const std::string& claim, ConditionKind kind, std::string_view where) {
  const std::string name(ConditionName(kind));
  if (!ReadsClaim(kind)) {
    if (claim.empty()) return {};
    return Fail(Invalid(where, "condition " + name + " reads no claim; remove \"claim\""));
  }
  if (claim.empty()) return Fail(Invalid(where, "condition " + name + " needs a \"claim\""));
  if (claim.front() == '.' || claim.back() == '.' || claim.find("..") != std::string::npos) {
    return Fail(
        Invalid(where, "claim \"" + claim + "\": expected a dotted path of non-empty segments"));
  }
  return {};
}

Result<bool> AbsentReferencePasses(const Json& check, ConditionKind kind, std::string_view where) {
  auto it = check.find(std::string(kAbsentReference));
  if (it == check.end()) return false;
  if (kind != ConditionKind::kInReference && kind != ConditionKind::kMinReference) {
    return Fail(
        Invalid(where, "absent_reference applies only to in_reference and min_reference, not to " +
                           std::string(ConditionName(kind))));
  }
  if (*it == "pass") return true;
  if (*it == "fail") return false;
  return Fail(
      Invalid(where, "absent_reference: expected \"pass\" or \"fail\", found " + Quoted(*it)));
}

Result<std::vector<std::string>> ExceptNames(const Json& check, ConditionKind kind,
                                             std::string_view where) {
  auto it = check.find(std::string(kExcept));
  if (it == check.end()) return std::vector<std::string>{};
  if (kind != ConditionKind::kReferenceValues) {
    return Fail(Invalid(where, "except applies only to reference_values, not to " +
                                   std::string(ConditionName(kind))));
  }
  std::vector<std::string> names;
  if (it->is_array() && !it->empty()) {
    for (const Json& name : *it) {
      if (!name.is_string() || name.get_ref<const std::string&>().empty()) break;
      names.push_back(name.get<std::string>());
    }
  }
  if (names.empty() || names.size() != it->size()) {
    return Fail(Invalid(
        where, "except: expected a non-empty list of reference value names, found " + Quoted(*it)));
  }
  return names;
}

// ---- evaluation ----

// The operand of `condition` as the type its kind takes.
template <class T>
const T& OperandAs(const Condition& condition) {
  const T* operand = std::get_if<T>(&condition.operand);
  VEIL_CHECK(operand != nullptr);  // ParseCondition typed the operand for its kind
  return *operand;
}

std::string ListText(const std::vector<std::string>& values) {
  std::string text;
  for (std::size_t i = 0; i < values.size() && i < kShownValues; ++i)
    text += (i == 0 ? "" : ", ") + values[i];
  if (values.size() > kShownValues)
    text += ", ... (" + std::to_string(values.size() - kShownValues) + " more)";
  return "[" + text + "]";
}

std::vector<std::string> Texts(const std::vector<Scalar>& scalars) {
  std::vector<std::string> texts;
  texts.reserve(scalars.size());
  for (const Scalar& scalar : scalars) texts.push_back(scalar.text);
  return texts;
}

bool AnyMatches(const std::string& found, const std::vector<std::string>& accepted) {
  return std::any_of(accepted.begin(), accepted.end(),
                     [&](const std::string& value) { return TextMatches(found, value); });
}

std::string Expected(const Condition& condition) {
  switch (condition.kind) {
    case ConditionKind::kEquals:
      return OperandAs<Scalar>(condition).text;
    case ConditionKind::kNotEquals:
      return "not " + OperandAs<Scalar>(condition).text;
    case ConditionKind::kOneOf:
      return "one of " + ListText(Texts(OperandAs<std::vector<Scalar>>(condition)));
    case ConditionKind::kMin:
      return "at least " + IntegerText(OperandAs<Integer>(condition));
    case ConditionKind::kMax:
      return "at most " + IntegerText(OperandAs<Integer>(condition));
    case ConditionKind::kExists:
      return OperandAs<bool>(condition) ? "present" : "absent";
    case ConditionKind::kInReference:
      return "one of reference values " + OperandAs<ReferenceName>(condition).name;
    case ConditionKind::kMinReference:
      return "at least the lowest of reference values " + OperandAs<ReferenceName>(condition).name;
    case ConditionKind::kAlways:
    case ConditionKind::kReferenceValues:
      break;
  }
  return "";
}

// Looks up the reference values named `name` for `entry`; false, with the outcome set, when
// there are none to compare with (no such name: absent_reference decides; all expired: fail).
bool LookupReference(TraceEntry& entry, const std::string& name, bool absent_passes,
                     const ReferenceValueSet& references, TimePoint now, ReferenceLookup& lookup) {
  lookup = references.Lookup(name, now);
  if (lookup.accepted.empty()) entry.missing_reference = name;
  if (!lookup.known) {
    entry.expected = "a reference value named " + name;
    entry.passed = absent_passes;
    entry.note = "no reference value is named " + name +
                 "; absent_reference: " + (absent_passes ? "pass" : "fail");
    return false;
  }
  entry.note = lookup.note;
  if (lookup.accepted.empty())
    entry.note = "every reference value named " + name + " has expired; " + lookup.note;
  return true;
}

// Compares a present scalar claim (text `found`) with the reference values named `name`.
void CompareWithReference(TraceEntry& entry, const std::string& found, const std::string& name,
                          bool absent_passes, const ReferenceValueSet& references, TimePoint now) {
  ReferenceLookup lookup;
  if (!LookupReference(entry, name, absent_passes, references, now, lookup)) return;
  entry.expected = "one of reference values " + name + " " + ListText(lookup.accepted);
  entry.passed = AnyMatches(found, lookup.accepted);
}

// The lowest integer among `values`; nullopt when there is none, naming in `note` a value that is
// not an integer.
std::optional<Integer> LowestInteger(const std::vector<std::string>& values, std::string& note) {
  std::optional<Integer> lowest;
  for (const std::string& text : values) {
    const std::optional<Integer> value = AsInteger(Json::parse(text, nullptr, false));
    if (!value) {
      note = "reference value " + text + " is not an integer";
      return std::nullopt;
    }
    if (!lowest || CompareIntegers(*value, *lowest) < 0) lowest = value;
  }
  return lowest;
}

// Compares a present integer claim with the lowest of the reference values named `name`.
void CompareWithMinReference(TraceEntry& entry, const Json& claim, const std::string& name,
                             bool absent_passes, const ReferenceValueSet& references,
                             TimePoint now) {
  ReferenceLookup lookup;
  if (!LookupReference(entry, name, absent_passes, references, now, lookup)) return;
  entry.expected =
      "at least the lowest of reference values " + name + " " + ListText(lookup.accepted);
  if (lookup.accepted.empty()) return;
  const std::optional<Integer> value = AsInteger(claim);
  if (!value) {
    entry.note = "expected an integer claim, found " + DescribeType(claim);
    return;
  }
  std::string not_integer;
  const std::optional<Integer> lowest = LowestInteger(lookup.accepted, not_integer);
  if (!lowest) {
    entry.note = not_integer;
    return;
  }
  entry.passed = CompareIntegers(*value, *lowest) >= 0;
}

// The claim's value decides; `claim` is present and scalar here.
void CompareScalar(TraceEntry& entry, const Condition& condition, const Json& claim,
                   const std::string& found, const ReferenceValueSet& references, TimePoint now) {
  entry.expected = Expected(condition);
  switch (condition.kind) {
    case ConditionKind::kEquals:
      entry.passed = TextMatches(found, OperandAs<Scalar>(condition).text);
      return;
    case ConditionKind::kNotEquals:
      entry.passed = !TextMatches(found, OperandAs<Scalar>(condition).text);
      return;
    case ConditionKind::kOneOf:
      entry.passed = AnyMatches(found, Texts(OperandAs<std::vector<Scalar>>(condition)));
      return;
    case ConditionKind::kMin:
    case ConditionKind::kMax: {
      const std::optional<Integer> value = AsInteger(claim);
      if (!value) {
        entry.note = "expected an integer claim, found " + DescribeType(claim);
        return;
      }
      const int order = CompareIntegers(*value, OperandAs<Integer>(condition));
      entry.passed = condition.kind == ConditionKind::kMin ? order >= 0 : order <= 0;
      return;
    }
    case ConditionKind::kInReference:
      CompareWithReference(entry, found, OperandAs<ReferenceName>(condition).name,
                           condition.absent_reference_passes, references, now);
      return;
    case ConditionKind::kMinReference:
      CompareWithMinReference(entry, claim, OperandAs<ReferenceName>(condition).name,
                              condition.absent_reference_passes, references, now);
      return;
    case ConditionKind::kAlways:
    case ConditionKind::kExists:
    case ConditionKind::kReferenceValues:
      return;
  }
}

TraceEntry EvaluateClaimCondition(const Condition& condition, const ClaimScope& scope,
                                  const ReferenceValueSet& references, TimePoint now) {
  TraceEntry entry;
  entry.claim = scope.display_prefix + condition.claim;
  entry.condition = std::string(ConditionName(condition.kind));
  const Json* claim = FindClaim(*scope.root, condition.claim);
  if (condition.kind == ConditionKind::kExists) {
    entry.expected = Expected(condition);
    entry.passed = (claim != nullptr) == OperandAs<bool>(condition);
    if (claim != nullptr) entry.found = CanonicalText(*claim).value_or(DescribeType(*claim));
    return entry;
  }
  if (claim == nullptr) {
    entry.expected = Expected(condition);
    return entry;
  }
  const std::optional<std::string> found = CanonicalText(*claim);
  if (!found) {
    entry.expected = Expected(condition);
    entry.found = DescribeType(*claim);
    entry.note = "expected a string, number or boolean claim";
    return entry;
  }
  entry.found = *found;
  CompareScalar(entry, condition, *claim, *found, references, now);
  return entry;
}

std::vector<TraceEntry> EvaluateReferenceValues(const Condition& condition, const ClaimScope& scope,
                                                const ReferenceValueSet& references,
                                                TimePoint now) {
  const std::string prefix = scope.tee + ".";
  std::vector<std::string> names = references.NamesWithPrefix(prefix);
  std::erase_if(names, [&](const std::string& name) {
    return std::find(condition.except.begin(), condition.except.end(), name) !=
           condition.except.end();
  });
  if (names.empty()) {
    TraceEntry entry;
    entry.condition = "reference_values";
    entry.expected = "all";
    entry.passed = true;
    entry.note = "no reference values are named " + prefix + "*" +
                 (condition.except.empty() ? "" : " but those excepted");
    return {entry};
  }
  std::vector<TraceEntry> entries;
  for (const std::string& name : names) {
    Condition single{.kind = ConditionKind::kInReference,
                     .claim = name.substr(prefix.size()),
                     .operand = ReferenceName{name}};
    TraceEntry entry = EvaluateClaimCondition(single, scope, references, now);
    entry.condition = "reference_values";
    entries.push_back(std::move(entry));
  }
  return entries;
}

}  // namespace

std::string_view ConditionName(ConditionKind kind) {
  for (const auto& [name, known] : kConditions) {
    if (known == kind) return name;
  }
  return "unknown";
}

Result<Condition> ParseCondition(const Json& check, std::string claim, ConditionContext context,
                                 std::string_view where) {
  VEIL_ASSIGN_OR_RETURN(const ConditionKind kind, SingleConditionKind(check, where));
  if (kind == ConditionKind::kReferenceValues && context == ConditionContext::kResource) {
    return Fail(
        Invalid(where, "condition reference_values is only available in attestation policies"));
  }
  const Json& operand =
      *check.find(std::string(ConditionName(kind)));  // present: SingleConditionKind saw it
  VEIL_ASSIGN_OR_RETURN(Operand typed, ParseOperand(kind, operand, where));
  VEIL_TRY(CheckClaimPath(claim, kind, where));
  VEIL_ASSIGN_OR_RETURN(const bool absent_passes, AbsentReferencePasses(check, kind, where));
  VEIL_ASSIGN_OR_RETURN(std::vector<std::string> except, ExceptNames(check, kind, where));
  return Condition{.kind = kind,
                   .claim = std::move(claim),
                   .operand = std::move(typed),
                   .absent_reference_passes = absent_passes,
                   .except = std::move(except)};
}

Result<Condition> ParseConditionWithClaim(const Json& item, ConditionContext context,
                                          const std::string& where) {
  if (!item.is_object())
    return Fail(InvalidArgument(where + ": expected a condition object, found " + Quoted(item)));
  Json check = item;
  std::string claim;
  if (auto it = check.find("claim"); it != check.end()) {
    if (!it->is_string() || it->get_ref<const std::string&>().empty()) {
      return Fail(
          InvalidArgument(where + ".claim: expected a non-empty claim path, found " + Quoted(*it)));
    }
    claim = it->get<std::string>();
    check.erase(it);
  }
  return ParseCondition(check, std::move(claim), context, where);
}

Result<std::vector<Condition>> ParseConditionsWithClaim(const Json& list, ConditionContext context,
                                                        const std::string& where) {
  std::vector<Condition> conditions;
  for (std::size_t i = 0; i < list.size(); ++i) {
    VEIL_ASSIGN_OR_RETURN(
        Condition condition,
        ParseConditionWithClaim(list[i], context, where + "[" + std::to_string(i) + "]"));
    conditions.push_back(std::move(condition));
  }
  return conditions;
}

std::vector<TraceEntry> EvaluateCondition(const Condition& condition, const ClaimScope& scope,
                                          const ReferenceValueSet& references, TimePoint now) {
  if (condition.kind == ConditionKind::kReferenceValues)
    return EvaluateReferenceValues(condition, scope, references, now);
  if (condition.kind == ConditionKind::kAlways) {
    TraceEntry entry;
    entry.condition = "always";
    entry.passed = OperandAs<bool>(condition);
    return {entry};
  }
  return {EvaluateClaimCondition(condition, scope, references, now)};
}

}  // namespace veil::policy
