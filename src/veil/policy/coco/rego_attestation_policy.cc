#include "veil/policy/coco/rego_attestation_policy.h"

#include <algorithm>
#include <limits>
#include <optional>
#include <string>
#include <vector>

#include "veil/policy/coco/rego_document.h"
#include "veil/policy/coco/rego_extensions.h"
#include "veil/policy/coco/rego_trace.h"
#include "veil/policy/rego/parser.h"

namespace veil::policy::coco {
namespace {

namespace eval = rego::eval;

Error RegoPolicyError(std::string message) {
  return Error{ErrorCode::kInvalidArgument, std::move(message), "policy"};
}

// query_reference_value(name) over Veil's reference values; names with no current value are
// collected so that the trace can say which were missing.
eval::HostFunction QueryReferenceValue(const ReferenceValueSet& references, TimePoint now,
                                       std::vector<std::string>& missing) {
  return [&references, now,
          &missing](std::span<const eval::Value> args) -> Result<std::optional<eval::Value>> {
    if (args.size() != 1 || !args[0].is_string()) {
      return Fail(
          RegoPolicyError("query_reference_value takes one string, the reference "
                          "value's name"));
    }
    const std::vector<const ReferenceValue*> entries =
        references.CurrentEntries(args[0].string(), now);
    if (entries.empty()) {
      if (std::find(missing.begin(), missing.end(), args[0].string()) == missing.end())
        missing.push_back(args[0].string());
      return std::optional<eval::Value>(eval::Value::Null());  // CoCo's RVPS: null for none
    }
    // What CoCo's RVPS answers: the JSON registered, of its types (rvps/src/lib.rs).
    VEIL_ASSIGN_OR_RETURN(nlohmann::json registered, RegisteredJson(entries));
    VEIL_ASSIGN_OR_RETURN(eval::Value answer, eval::FromJson(registered));
    return std::optional<eval::Value>(std::move(answer));
  };
}

std::string Describe(Ar4siComponent component, std::int8_t value) {
  return std::string(Ar4siComponentName(component)) + "=" + std::to_string(value);
}

// broker.rs: each member sets its component; CoCo then requires at least one set.
Result<TrustVector> TrustVectorFromRego(const std::optional<eval::Value>& trust_claims,
                                        std::string& effect) {
  if (!trust_claims) {
    return Fail(
        RegoPolicyError("rego attestation policy: rule trust_claims is undefined, so no "
                        "AR4SI claim is set (CoCo: \"At least one policy claim must be "
                        "set\")"));
  }
  if (!trust_claims->is_object()) {
    return Fail(
        RegoPolicyError("rego attestation policy: trust_claims must be an object of AR4SI "
                        "claims, found " +
                        trust_claims->TypeName()));
  }
  TrustVector vector;
  for (const auto& [key, value] : trust_claims->object_items()) {
    const auto component = key.is_string() ? Ar4siComponentFromName(key.string()) : std::nullopt;
    if (!component) {
      return Fail(RegoPolicyError("rego attestation policy: trust_claims key " +
                                  eval::ToRegoText(key) + " is not one of " +
                                  Ar4siComponentNames()));
    }
    if (!value.is_integer() || value.integer() < std::numeric_limits<std::int8_t>::min() ||
        value.integer() > std::numeric_limits<std::int8_t>::max()) {
      return Fail(RegoPolicyError("rego attestation policy: trust_claims." + key.string() +
                                  " must be an integer in -128..127, found " +
                                  eval::ToRegoText(value)));
    }
    const auto claim = static_cast<std::int8_t>(value.integer());
    vector.Set(*component, claim);
    effect += (effect.empty() ? "" : ", ") + Describe(*component, claim);
  }
  if (vector == TrustVector{}) {
    return Fail(
        RegoPolicyError("rego attestation policy: trust_claims sets no AR4SI claim "
                        "(CoCo: \"At least one policy claim must be set\")"));
  }
  return vector;
}

// "rule trust_claims: claim ear.status expected affirming, found warning"; found and passed are
// filled once the vector is known.
TraceEntry TrustClaimsEntry() {
  TraceEntry entry;
  entry.rule = std::string(kTrustClaimsRule);
  entry.claim = "ear.status";
  entry.condition = "rego";
  entry.expected = "affirming";
  return entry;
}

// A reference value the policy asked for and found none of. It fails (so that the denial and
// `veil`'s enrolment hint name it) only when the result is not affirming: a query whose answer
// did not matter is no reason.
TraceEntry MissingReferenceEntry(const std::string& name, bool affirming) {
  TraceEntry entry;
  entry.rule = std::string(kQueryReferenceValue);
  entry.condition = "rego";
  entry.passed = affirming;
  entry.note = "no current reference value " + name + ", the answer was null";
  entry.missing_reference = name;
  return entry;
}

// broker.rs evaluates EXTENSIONS_RULE with trust_claims; its reference value queries do not
// decide the status, so they are not traced.
Result<nlohmann::json> EvaluateExtensions(const RegoAttestationPolicy& policy,
                                          const eval::Value& input,
                                          const eval::EvaluationOptions& options) {
  if (!policy.compiled->rules().contains(kExtensionsRule)) return nlohmann::json::object();
  VEIL_ASSIGN_OR_RETURN(
      eval::Decision decision,
      policy.compiled->Evaluate(kExtensionsRule, input, eval::Value::Object({}), options));
  return ExtensionsFromRego(decision.value);
}

Result<Appraisal> Appraise(const RegoAttestationPolicy& policy, std::string tee,
                           const nlohmann::json& input, const ReferenceValueSet& references,
                           TimePoint now, bool claims_verified) {
  VEIL_ASSIGN_OR_RETURN(eval::Value input_value, eval::FromJson(input));
  std::vector<std::string> missing;
  eval::EvaluationOptions options;
  options.functions[std::string(kQueryReferenceValue)] =
      QueryReferenceValue(references, now, missing);
  VEIL_ASSIGN_OR_RETURN(
      eval::Decision decision,
      policy.compiled->Evaluate(kTrustClaimsRule, input_value, eval::Value::Object({}), options));
  Appraisal appraisal;
  appraisal.policy_id = policy.id;
  appraisal.tee = std::move(tee);
  appraisal.claims_verified = claims_verified;
  appraisal.trace = RegoTrace(decision.trace);
  TraceEntry trust = TrustClaimsEntry();
  VEIL_ASSIGN_OR_RETURN(appraisal.vector, TrustVectorFromRego(decision.value, trust.effect));
  appraisal.status = appraisal.vector.Status();
  trust.found = std::string(ArStatusName(appraisal.status));
  trust.passed = appraisal.status == ArStatus::kAffirming;
  for (const std::string& name : missing)
    appraisal.trace.push_back(MissingReferenceEntry(name, trust.passed));
  appraisal.trace.push_back(std::move(trust));
  VEIL_ASSIGN_OR_RETURN(appraisal.extensions, EvaluateExtensions(policy, input_value, options));
  return appraisal;
}

}  // namespace

Result<RegoAttestationPolicy> CompileRegoAttestationPolicy(std::string_view text, std::string id) {
  VEIL_ASSIGN_OR_RETURN(rego::Module module, rego::ParseModule(text));
  VEIL_TRY(ExpectPackagePolicy(module));
  eval::CompileOptions options;
  options.host_functions[std::string(kQueryReferenceValue)] = 1;
  VEIL_ASSIGN_OR_RETURN(eval::Policy compiled, eval::Policy::Compile(std::move(module), options));
  if (!compiled.rules().contains(kTrustClaimsRule)) {
    return Fail(RegoPolicyError("rego attestation policy: the package defines no rule " +
                                std::string(kTrustClaimsRule) +
                                ", which CoCo's attestation service reads the AR4SI claims from"));
  }
  return RegoAttestationPolicy{std::move(id),
                               std::make_shared<const eval::Policy>(std::move(compiled))};
}

Result<Appraisal> AppraiseWithRego(const RegoAttestationPolicy& policy,
                                   const appraisal::VerifiedClaims& claims,
                                   const CocoRuntimeClaims& runtime,
                                   const ReferenceValueSet& references, TimePoint now) {
  return Appraise(policy, std::string(claims.tee()),
                  CocoAttestationInput(claims.tee(), claims.claims(), runtime), references, now,
                  /*claims_verified=*/true);
}

Result<Appraisal> AppraiseRecordedWithRego(const RegoAttestationPolicy& policy, std::string tee,
                                           const nlohmann::json& input,
                                           const ReferenceValueSet& references, TimePoint now) {
  return Appraise(policy, std::move(tee), input, references, now, /*claims_verified=*/false);
}

}  // namespace veil::policy::coco
