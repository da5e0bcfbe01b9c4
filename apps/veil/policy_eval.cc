#include "policy_eval.h"

#include <cctype>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "veil/base/file.h"
#include "veil/base/rfc3339.h"
#include "veil/crypto/subject_alt_name.h"
#include "veil/policy/attestation_policy.h"
#include "veil/policy/coco/rego_attestation_policy.h"
#include "veil/policy/coco/rego_document.h"
#include "veil/policy/coco/rego_resource_policy.h"
#include "veil/policy/default_policies.h"
#include "veil/policy/identity_policy.h"
#include "veil/policy/resource_policy.h"
#include "veil/protocol/resource_path.h"

namespace veil::cli {
namespace {

using Json = nlohmann::json;

struct PolicyEvalOptions {
  std::string policy, claims, refvals, resource, at;
  std::vector<std::string> names;  // --kind identity: "dns:…" / "uri:…"
  std::string kind = "attestation";
  std::string format;  // "rego", "veil", or empty: told by the policy's content
  bool json = false;
};

// Everything read from the files before a policy runs.
struct Inputs {
  std::string policy_text;
  Json claims;
  policy::ReferenceValueSet references;
  TimePoint now;
};

Result<Json> ReadJsonFile(const std::string& path, const char* flag) {
  VEIL_ASSIGN_OR_RETURN(std::string text, ReadFileText(path));
  Json json = Json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (json.is_discarded())
    return Fail(InvalidArgument(std::string(flag) + " " + path + ": not valid JSON"));
  return json;
}

Result<Inputs> ReadInputs(const PolicyEvalOptions& options) {
  Inputs inputs;
  if (options.policy.empty()) {
    inputs.policy_text = options.kind == "resource"   ? policy::DefaultResourcePolicyText()
                         : options.kind == "identity" ? policy::DefaultIdentityPolicyText()
                                                      : policy::DefaultAttestationPolicyText();
  } else {
    VEIL_ASSIGN_OR_RETURN(inputs.policy_text, ReadFileText(options.policy));
  }
  VEIL_ASSIGN_OR_RETURN(inputs.claims, ReadJsonFile(options.claims, "--claims"));
  if (!options.refvals.empty()) {
    VEIL_ASSIGN_OR_RETURN(std::string text, ReadFileText(options.refvals));
    VEIL_ASSIGN_OR_RETURN(inputs.references, policy::ParseReferenceValues(text));
  }
  inputs.now = SystemClock().Now();
  if (!options.at.empty()) {
    auto at = ParseRfc3339(options.at);
    if (!at) return Fail(InvalidArgument("--at: " + at.error().message));
    inputs.now = *at;
  }
  return inputs;
}

std::string Upper(std::string_view text) {
  std::string upper(text);
  for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return upper;
}

void PrintTrace(const std::vector<policy::TraceEntry>& trace) {
  std::cout << "trace:\n";
  for (const policy::TraceEntry& entry : trace) {
    const char* mark = entry.skipped ? "skip" : entry.passed ? "pass" : "FAIL";
    std::cout << "  " << mark << "  " << policy::DescribeTraceEntry(entry);
    if (!entry.effect.empty()) std::cout << " -> " << entry.effect;
    std::cout << "\n";
  }
}

// `veil evidence verify --json` output: {"valid", "tee", "claims", "reason"?}.
Result<std::pair<std::string, Json>> RecordedClaims(const Json& file) {
  if (!file.is_object())
    return Fail(InvalidArgument("--claims: expected an object {\"tee\", \"claims\"}"));
  if (auto valid = file.find("valid"); valid != file.end() && *valid != true) {
    return Fail(InvalidArgument(
        "--claims: the file records evidence that failed verification (valid: false)"));
  }
  auto tee = file.find("tee");
  auto claims = file.find("claims");
  if (tee == file.end() || !tee->is_string() || tee->get_ref<const std::string&>().empty()) {
    return Fail(InvalidArgument("--claims: expected a non-empty \"tee\" string"));
  }
  if (claims == file.end() || !claims->is_object())
    return Fail(InvalidArgument("--claims: expected a \"claims\" object"));
  return std::make_pair(tee->get<std::string>(), *claims);
}

// What the trustee's key broker would give a resource policy for a token with this appraisal
// (kbs/resource_service.cc builds the same object from the token): `veil policy eval --kind
// resource --claims` takes it, or this command's whole --json output.
Json ResourceInput(const policy::Appraisal& appraisal, const Json& claims) {
  return policy::ResourcePolicyInputToJson(
      {.resource = "",
       .status = std::string(policy::ArStatusName(appraisal.status)),
       .tee = appraisal.tee,
       .trust_vector = policy::TrustVectorToJson(appraisal.vector),
       .claims = claims,
       .policy_id = appraisal.policy_id});
}

bool IsRego(const PolicyEvalOptions& options, const Inputs& inputs) {
  if (!options.format.empty()) return options.format == "rego";
  return policy::coco::LooksLikeRego(inputs.policy_text);
}

// A Rego policy appraises as CoCo's attestation service does, over CoCo's flattened claims; a
// recorded file has no runtime data, so report_data is "" and runtime_data_claims {}.
Result<policy::Appraisal> AppraiseRecorded(const PolicyEvalOptions& options, const Inputs& inputs,
                                           const std::string& tee, const Json& claims) {
  if (IsRego(options, inputs)) {
    VEIL_ASSIGN_OR_RETURN(const auto rego,
                          policy::coco::CompileRegoAttestationPolicy(inputs.policy_text, "rego"));
    const Json input =
        policy::coco::CocoAttestationInput(tee, claims, {"", Json::object(), nullptr, nullptr});
    return policy::coco::AppraiseRecordedWithRego(rego, tee, input, inputs.references, inputs.now);
  }
  VEIL_ASSIGN_OR_RETURN(const policy::AttestationPolicy policy,
                        policy::ParseAttestationPolicy(inputs.policy_text));
  return policy::EvaluateRecordedClaims(policy, tee, claims, inputs.references, inputs.now);
}

Result<int> RunAttestation(const PolicyEvalOptions& options, const Inputs& inputs) {
  VEIL_ASSIGN_OR_RETURN(const auto recorded, RecordedClaims(inputs.claims));
  VEIL_ASSIGN_OR_RETURN(const policy::Appraisal appraisal,
                        AppraiseRecorded(options, inputs, recorded.first, recorded.second));
  const std::vector<std::string> reasons = policy::DenialReasons(appraisal);
  if (options.json) {
    Json out = policy::AppraisalToJson(appraisal);
    out["denial_reasons"] = reasons;
    out["claims"] = recorded.second;
    out["resource_input"] = ResourceInput(appraisal, recorded.second);
    std::cout << out.dump(2, ' ', false, Json::error_handler_t::replace) << "\n";
  } else {
    std::cout << "policy " << appraisal.policy_id << ": "
              << Upper(policy::ArStatusName(appraisal.status)) << " (" << appraisal.tee
              << " claims from " << options.claims
              << "; what-if evaluation, authenticity not established)\n";
    std::cout << "trust vector:";
    for (policy::Ar4siComponent component : policy::kAr4siComponents) {
      std::cout << " " << policy::Ar4siComponentName(component) << "="
                << int{appraisal.vector.Get(component)};
    }
    std::cout << "\n";
    PrintTrace(appraisal.trace);
    if (!reasons.empty()) std::cout << "denied because:\n";
    for (const std::string& reason : reasons) std::cout << "  " << reason << "\n";
  }
  return appraisal.status == policy::ArStatus::kAffirming ? 0 : 1;
}

void PrintResourceDecision(const PolicyEvalOptions& options, const Json& resource,
                           const std::string& policy_id, const policy::ResourceDecision& decision) {
  if (options.json) {
    Json out = policy::ResourceDecisionToJson(decision);
    out["policy_id"] = policy_id;
    out["resource"] = resource;
    std::cout << out.dump(2, ' ', false, Json::error_handler_t::replace) << "\n";
    return;
  }
  std::cout << "resource " << resource.dump(-1, ' ', false, Json::error_handler_t::replace) << ": "
            << (decision.allowed ? "ALLOWED" : "DENIED") << " by " << decision.rule << " (policy "
            << policy_id << ")\nreason: " << decision.reason << "\n";
  PrintTrace(decision.trace);
}

// A Rego policy decides as CoCo's KBS does: --claims holds the token's claims (the input), and
// --resource names the path that CoCo's data document carries.
Result<int> RunRegoResource(const PolicyEvalOptions& options, const Inputs& inputs) {
  VEIL_ASSIGN_OR_RETURN(const auto rego,
                        policy::coco::CompileRegoResourcePolicy(inputs.policy_text));
  if (options.resource.empty()) {
    return Fail(InvalidArgument(
        "a Rego resource policy needs --resource PATH (CoCo's data: plugin, resource-path)"));
  }
  VEIL_ASSIGN_OR_RETURN(const auto path, protocol::ResourcePath::Parse(options.resource));
  VEIL_ASSIGN_OR_RETURN(
      const policy::ResourceDecision decision,
      policy::coco::DecideRegoResource(rego, inputs.claims, policy::coco::CocoResourceData(path)));
  PrintResourceDecision(options, Json(path.str()), "rego", decision);
  return decision.allowed ? 0 : 1;
}

Result<int> RunResource(const PolicyEvalOptions& options, const Inputs& inputs) {
  if (IsRego(options, inputs)) return RunRegoResource(options, inputs);
  VEIL_ASSIGN_OR_RETURN(const policy::ResourcePolicy policy,
                        policy::ParseResourcePolicy(inputs.policy_text));
  // The input object itself, or an attestation evaluation's --json output holding it.
  Json input = inputs.claims.is_object() && inputs.claims.contains("resource_input")
                   ? inputs.claims["resource_input"]
                   : inputs.claims;
  if (!input.is_object())
    return Fail(InvalidArgument("--claims: expected the resource-policy input object"));
  if (!options.resource.empty()) input["resource"] = options.resource;
  if (!input.contains("resource")) {
    return Fail(InvalidArgument(
        "--kind resource needs --resource PATH or a \"resource\" key in the --claims file"));
  }
  const policy::ResourceDecision decision =
      policy::DecideResource(policy, input, inputs.references, inputs.now);
  PrintResourceDecision(options, input["resource"], policy.id, decision);
  return decision.allowed ? 0 : 1;
}

// "dns:web.local" / "uri:spiffe://td/x", as identity policies and certificates name them.
Result<crypto::SubjectAltName> TypedName(const std::string& text) {
  for (const auto kind : {crypto::SubjectAltName::Kind::kDns, crypto::SubjectAltName::Kind::kUri}) {
    const std::string prefix = crypto::SubjectAltNameText({kind, ""});
    if (text.starts_with(prefix)) return crypto::SubjectAltName{kind, text.substr(prefix.size())};
  }
  return Fail(InvalidArgument("--name \"" + text + "\": expected dns:NAME or uri:URI"));
}

Result<int> RunIdentity(const PolicyEvalOptions& options, const Inputs& inputs) {
  VEIL_ASSIGN_OR_RETURN(const policy::IdentityPolicy policy,
                        policy::ParseIdentityPolicy(inputs.policy_text));
  if (options.names.empty())
    return Fail(InvalidArgument("--kind identity needs at least one --name dns:NAME|uri:URI"));
  std::vector<crypto::SubjectAltName> names;
  for (const std::string& text : options.names) {
    VEIL_ASSIGN_OR_RETURN(crypto::SubjectAltName name, TypedName(text));
    names.push_back(std::move(name));
  }
  // The resource-policy input object, or an attestation evaluation's --json output holding it.
  const Json input = inputs.claims.is_object() && inputs.claims.contains("resource_input")
                         ? inputs.claims["resource_input"]
                         : inputs.claims;
  if (!input.is_object())
    return Fail(InvalidArgument("--claims: expected the resource-policy input object"));
  const policy::IdentityDecision decision =
      policy::DecideIdentity(policy, names, input, inputs.references, inputs.now);
  if (options.json) {
    Json out = policy::IdentityDecisionToJson(decision);
    out["policy_id"] = policy.id;
    out["names"] = options.names;
    std::cout << out.dump(2, ' ', false, Json::error_handler_t::replace) << "\n";
  } else {
    std::cout << "names: " << (decision.allowed ? "ALLOWED" : "DENIED") << " (policy " << policy.id
              << ")\nreason: " << decision.reason << "\n";
    PrintTrace(decision.trace);
  }
  return decision.allowed ? 0 : 1;
}

int Run(const PolicyEvalOptions& options) {
  Result<int> outcome = ReadInputs(options).and_then([&](const Inputs& inputs) {
    if (options.kind == "identity") return RunIdentity(options, inputs);
    return options.kind == "resource" ? RunResource(options, inputs)
                                      : RunAttestation(options, inputs);
  });
  if (!outcome) {
    std::cerr << "veil policy eval: " << outcome.error().ToString() << "\n";
    return 2;
  }
  return *outcome;
}

}  // namespace

void RegisterPolicyEval(CLI::App& policy_command, int& exit_code) {
  auto options = std::make_shared<PolicyEvalOptions>();
  CLI::App* eval = policy_command.add_subcommand(
      "eval", "Evaluate a policy over recorded claims, with its trace");
  eval->footer(
      "A what-if evaluation: the claims are read from a file, so their authenticity is not "
      "established.\n"
      "Exit status: 0 affirming (attestation) or allowed (resource, identity), 1 not, 2 usage or "
      "parse error.\n\n"
      "Examples:\n"
      "  veil evidence verify --tee snp --report r.bin --vcek vcek.der --json > claims.json\n"
      "  veil policy eval --claims claims.json          # the built-in default attestation policy\n"
      "  veil policy eval --policy attestation.yaml --claims claims.json --refvals refvals.json\n"
      "  veil policy eval --kind resource --policy resource.yaml --claims input.json --resource "
      "prod/key/web\n"
      "  veil policy eval --kind identity --policy identity.yaml --claims input.json --name "
      "uri:spiffe://veil.example/web/frontend\n"
      "  veil policy eval --policy ear_default_policy_cpu.rego --claims claims.json --refvals "
      "r.json\n"
      "  veil policy eval --kind resource --policy kbs-affirming.rego --claims token-claims.json "
      "--resource prod/key/web\n\n"
      "A Rego policy (told by its `package` first statement, or --format rego) runs as CoCo's "
      "trustee runs it (docs/policy-rego.md): an attestation policy over CoCo's flattened claims "
      "{\"<tee>\": claims, ...}, its trust_claims rule giving the vector; a resource policy over "
      "the token's claims in --claims, data {\"plugin\": \"resource\", \"resource-path\": "
      "[...], \"query\": {}}, its allow rule deciding. The trace names the Rego rules that "
      "produced values.");
  eval->add_option(
      "--policy", options->policy,
      "Policy document (Veil's JSON or YAML, or Rego); default: Veil's built-in default policy "
      "of that --kind");
  eval->add_option("--claims", options->claims,
                   "attestation: `veil evidence verify --json` output {\"tee\", \"claims\"}; "
                   "resource, identity: the input object {\"resource\", \"status\", \"tee\", "
                   "\"trust_vector\", \"claims\"} (or an attestation evaluation's --json "
                   "output), or for Rego the token's claims")
      ->required();
  eval->add_option(
      "--refvals", options->refvals,
      "Reference values: a JSON or YAML list of {\"name\", \"values\": [...], \"expires\"?}");
  eval->add_option("--kind", options->kind,
                   "Which policy language --policy holds (default: attestation)")
      ->check(CLI::IsMember({"attestation", "resource", "identity"}));
  eval->add_option("--format", options->format,
                   "Policy language: rego or veil (default: Rego when the document begins with "
                   "`package`)")
      ->check(CLI::IsMember({"rego", "veil"}));
  eval->add_option("--resource", options->resource,
                   "Resource path repository/type/tag (--kind resource)");
  eval->add_option("--name", options->names,
                   "A name a certificate would carry, dns:NAME or uri:URI (--kind identity; "
                   "repeatable: every name must be allowed)");
  eval->add_option("--at", options->at,
                   "RFC 3339 time at which reference values must be unexpired (default: now)");
  eval->add_flag("--json", options->json, "Print the result and trace as JSON");
  eval->callback([options, &exit_code] { exit_code = Run(*options); });
}

}  // namespace veil::cli
