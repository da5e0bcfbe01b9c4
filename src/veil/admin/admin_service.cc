#include "veil/admin/admin_service.h"

#include <charconv>
#include <set>
#include <span>
#include <vector>

#include <spdlog/spdlog.h>

#include "veil/admin/authenticated_request.h"
#include "veil/admin/node_registration.h"
#include "veil/admin/request_bodies.h"
#include "veil/base/hex.h"
#include "veil/base/log_safe.h"
#include "veil/base/rfc3339.h"
#include "veil/kbs/http_mapping.h"
#include "veil/kbs/resource_service.h"
#include "veil/policy/default_policies.h"
#include "veil/policy/reference_value_catalogue.h"
#include "veil/policy/reference_values.h"
#include "veil/protocol/resource_path.h"
#include "veil/store/reference_value.h"

namespace veil::admin {
namespace {

using nlohmann::json;

constexpr std::string_view kReferenceValuePrefix = "/kbs/v0/reference-value/";
constexpr std::string_view kNodesPath = "/veil/v0/nodes";
constexpr std::string_view kNodePrefix = "/veil/v0/nodes/";

Result<protocol::ResourcePath> ResourcePathOf(const http::Request& request) {
  return protocol::ResourcePath::Parse(
      std::string_view(request.path).substr(kbs::kResourcePrefix.size()));
}

json ReferenceValueJson(const store::ReferenceValueRecord& record) {
  const auto& reference = record.reference;
  return {{"name", reference.name},
          {"values", reference.values},
          {"expires",
           reference.expires_at ? json(FormatRfc3339(*reference.expires_at)) : json(nullptr)},
          {"provenance", reference.provenance},
          {"updated", FormatRfc3339(record.updated_at)}};
}

Status CheckAgainstCatalogue(std::span<const ReferenceValue> references,
                             const policy::CatalogueCheck& check) {
  for (const ReferenceValue& reference : references)
    VEIL_TRY(policy::CheckReferenceValue(reference, check));
  return {};
}

json ChangeDetails(const ReferenceValue& reference, ReferenceValueChange change) {
  json details = {{"values", reference.values}};
  if (change == ReferenceValueChange::kRemove) return details;
  details["provenance"] = reference.provenance;
  if (reference.expires_at) details["expires"] = FormatRfc3339(*reference.expires_at);
  return details;
}

// Stores one change with its audit entry: refval.put, refval.append or refval.remove.
Status ApplyChange(store::Store& store, ReferenceValueChange change,
                   const ReferenceValue& reference, const std::string& actor) {
  const json details = ChangeDetails(reference, change);
  switch (change) {
    case ReferenceValueChange::kReplace:
      return store.PutReferenceValue(reference, {actor, "refval.put", reference.name, details});
    case ReferenceValueChange::kAppend:
      return store.AppendReferenceValue(reference,
                                        {actor, "refval.append", reference.name, details});
    case ReferenceValueChange::kRemove:
      return store.RemoveReferenceValues(reference.name, reference.values,
                                         {actor, "refval.remove", reference.name, details});
  }
  return Fail(Internal("unknown reference value change"));
}

json NodeJson(const store::NodeRecord& record) {
  return {
      {"name", record.identity.name},
      {"state", store::NodeStateName(record.state)},
      {"ek", record.identity.ek_digest},
      {"ak", record.ak_digest ? json(*record.ak_digest) : json(nullptr)},
      {"ek_certificate", !record.identity.ek_certificate.empty()},
      {"registered", FormatRfc3339(record.registered_at)},
      {"enrolled", record.enrolled_at ? json(FormatRfc3339(*record.enrolled_at)) : json(nullptr)}};
}

std::uint64_t QueryNumber(std::string_view query, std::string_view name, std::uint64_t fallback) {
  const std::string key = std::string(name) + "=";
  for (std::size_t start = 0; start < query.size();) {
    const std::size_t end = std::min(query.find('&', start), query.size());
    const std::string_view pair = query.substr(start, end - start);
    if (pair.substr(0, key.size()) == key) {
      std::uint64_t value = 0;
      const std::string_view digits = pair.substr(key.size());
      const auto [ptr, error] =
          std::from_chars(digits.data(), digits.data() + digits.size(), value);
      if (error == std::errc() && ptr == digits.data() + digits.size()) return value;
    }
    start = end + 1;
  }
  return fallback;
}

// What GET answers while no policy of `kind` is stored.
std::string_view DefaultPolicyText(store::PolicyKind kind) {
  switch (kind) {
    case store::PolicyKind::kAttestation:
      return policy::DefaultAttestationPolicyText();
    case store::PolicyKind::kResource:
      return policy::DefaultResourcePolicyText();
    case store::PolicyKind::kIdentity:
      return policy::DefaultIdentityPolicyText();
  }
  VEIL_CHECK(false);  // every kind is listed above
  return {};
}

}  // namespace

void AdminService::Register(http::Router& router, const Guard& guard) {
  auto guarded = [&guard](http::Handler handler) {
    return guard ? guard(std::move(handler)) : handler;
  };
  const std::string prefix(kbs::kResourcePrefix);
  router.AddPrefix("POST", prefix,
                   guarded([this](const http::Request& r) { return PutResource(r); }));
  // kbs-client sends POST; CoCo's KBS takes PUT on the same path too.
  router.AddPrefix("PUT", prefix,
                   guarded([this](const http::Request& r) { return PutResource(r); }));
  router.AddPrefix("DELETE", prefix,
                   guarded([this](const http::Request& r) { return DeleteResource(r); }));
  router.Add("GET", "/kbs/v0/resources",
             guarded([this](const http::Request& r) { return ListResources(r); }));
  for (const store::PolicyKind kind : protocol::kAllPolicyKinds) {
    const std::string path = "/kbs/v0/" + std::string(store::PolicyKindName(kind)) + "-policy";
    router.Add("POST", path,
               guarded([this, kind](const http::Request& r) { return SetPolicy(r, kind); }));
    router.Add("GET", path,
               guarded([this, kind](const http::Request& r) { return GetPolicy(r, kind); }));
  }
  router.Add("POST", "/kbs/v0/reference-value",
             guarded([this](const http::Request& r) { return PutReferenceValue(r); }));
  router.AddPrefix("GET", std::string(kReferenceValuePrefix),
                   guarded([this](const http::Request& r) { return GetReferenceValue(r); }));
  router.AddPrefix("DELETE", std::string(kReferenceValuePrefix),
                   guarded([this](const http::Request& r) { return DeleteReferenceValue(r); }));
  router.Add("GET", "/kbs/v0/reference-values",
             guarded([this](const http::Request& r) { return ListReferenceValues(r); }));
  router.Add("POST", "/kbs/v0/reference-values",
             guarded([this](const http::Request& r) { return ImportReferenceValues(r); }));
  router.Add("GET", "/kbs/v0/audit",
             guarded([this](const http::Request& r) { return ReadAudit(r); }));
  router.Add("POST", std::string(kNodesPath),
             guarded([this](const http::Request& r) { return AddNode(r); }));
  router.Add("GET", std::string(kNodesPath),
             guarded([this](const http::Request& r) { return ListNodes(r); }));
  router.AddPrefix("DELETE", std::string(kNodePrefix),
                   guarded([this](const http::Request& r) { return DeleteNode(r); }));
}

http::Response AdminService::PutResource(const http::Request& request) {
  return Authenticated(authenticator_, request, [&](const std::string& actor) -> Result<json> {
    VEIL_ASSIGN_OR_RETURN(auto path, ResourcePathOf(request));
    if (request.body.empty()) return Fail(InvalidArgument("the secret is empty"));
    VEIL_ASSIGN_OR_RETURN(Bytes sealed, sealer_.Seal(AsBytes(request.body), path.str()));
    VEIL_TRY(store_.PutResource(
        path, sealed, {actor, "resource.put", path.str(), {{"bytes", request.body.size()}}}));
    return json{{"resource", path.str()}, {"bytes", request.body.size()}};
  });
}

http::Response AdminService::DeleteResource(const http::Request& request) {
  return Authenticated(authenticator_, request, [&](const std::string& actor) -> Result<json> {
    VEIL_ASSIGN_OR_RETURN(auto path, ResourcePathOf(request));
    VEIL_TRY(store_.DeleteResource(path, {actor, "resource.delete", path.str(), json::object()}));
    return json{{"deleted", path.str()}};
  });
}

http::Response AdminService::ListResources(const http::Request& request) {
  return Authenticated(authenticator_, request, [&](const std::string&) -> Result<json> {
    VEIL_ASSIGN_OR_RETURN(auto resources, store_.ListResources());
    json list = json::array();
    for (const auto& info : resources) {
      list.push_back({{"resource", info.path.str()}, {"updated", FormatRfc3339(info.updated_at)}});
    }
    return json{{"resources", std::move(list)}};
  });
}

http::Response AdminService::SetPolicy(const http::Request& request, store::PolicyKind kind) {
  return Authenticated(authenticator_, request, [&](const std::string& actor) -> Result<json> {
    VEIL_ASSIGN_OR_RETURN(store::Policy policy, ParsePolicyRequest(request.body, kind));
    const std::string id = policy.id;
    VEIL_TRY(store_.PutPolicy(policy, {actor,
                                       "policy.set",
                                       std::string(store::PolicyKindName(kind)),
                                       {{"id", id}, {"bytes", policy.text.size()}}}));
    return json{{"kind", store::PolicyKindName(kind)}, {"id", id}};
  });
}

http::Response AdminService::GetPolicy(const http::Request& request, store::PolicyKind kind) {
  return Authenticated(authenticator_, request, [&](const std::string&) -> Result<json> {
    VEIL_ASSIGN_OR_RETURN(auto record, store_.GetPolicy(kind));
    if (record) {
      return json{{"kind", store::PolicyKindName(kind)},
                  {"id", record->policy.id},
                  {"policy", record->policy.text},
                  {"default", false},
                  {"updated", FormatRfc3339(record->updated_at)}};
    }
    const std::string_view text = DefaultPolicyText(kind);
    VEIL_ASSIGN_OR_RETURN(std::string id, ValidatedPolicyId(kind, text));
    return json{
        {"kind", store::PolicyKindName(kind)}, {"id", id}, {"policy", text}, {"default", true}};
  });
}

http::Response AdminService::PutReferenceValue(const http::Request& request) {
  return Authenticated(authenticator_, request, [&](const std::string& actor) -> Result<json> {
    // Every reference value is validated before the first is stored.
    VEIL_ASSIGN_OR_RETURN(ReferenceValueUpload upload, ParseReferenceValueUpload(request.body));
    if (upload.change != ReferenceValueChange::kRemove) {
      VEIL_TRY(CheckAgainstCatalogue(upload.references, {clock_.Now(), upload.force}));
    }
    json stored = json::array();
    for (const ReferenceValue& reference : upload.references) {
      VEIL_TRY(ApplyChange(store_, upload.change, reference, actor));
      stored.push_back({{"name", reference.name}, {"values", reference.values}});
    }
    if (upload.rvps_message) return json{{"reference_values", std::move(stored)}};
    return std::move(stored.front());
  });
}

http::Response AdminService::ImportReferenceValues(const http::Request& request) {
  return Authenticated(authenticator_, request, [&](const std::string& actor) -> Result<json> {
    VEIL_ASSIGN_OR_RETURN(ReferenceValueImport import, ParseReferenceValueImport(request.body));
    VEIL_TRY(CheckAgainstCatalogue(import.references, {clock_.Now(), import.force}));
    std::set<std::string> names;
    json stored = json::array();
    for (const ReferenceValue& reference : import.references) {
      names.insert(reference.name);
      stored.push_back({{"name", reference.name}, {"values", reference.values}});
    }
    const json details = {{"names", names}, {"entries", import.references.size()}};
    VEIL_TRY(store_.ReplaceReferenceValues(
        import.references,
        {actor, "refval.import", std::to_string(names.size()) + " names", details}));
    return json{{"reference_values", std::move(stored)}};
  });
}

http::Response AdminService::GetReferenceValue(const http::Request& request) {
  return Authenticated(authenticator_, request, [&](const std::string&) -> Result<json> {
    const std::string name(std::string_view(request.path).substr(kReferenceValuePrefix.size()));
    VEIL_TRY(store::ValidateReferenceValueName(name));
    VEIL_ASSIGN_OR_RETURN(auto records, store_.ListReferenceValues());
    std::vector<const ReferenceValue*> entries;  // every entry of the name, in order of addition
    for (const auto& record : records) {
      if (record.reference.name == name) entries.push_back(&record.reference);
    }
    // As CoCo's RVPS answers it: what was registered, of its JSON types ("7" stays a string).
    if (!entries.empty()) return policy::RegisteredJson(entries);
    return Fail(
        Error{ErrorCode::kNotFound, "reference value " + name + " does not exist", "admin"});
  });
}

http::Response AdminService::DeleteReferenceValue(const http::Request& request) {
  return Authenticated(authenticator_, request, [&](const std::string& actor) -> Result<json> {
    const std::string name(std::string_view(request.path).substr(kReferenceValuePrefix.size()));
    VEIL_TRY(store_.DeleteReferenceValue(name, {actor, "refval.delete", name, json::object()}));
    return json{{"deleted", name}};
  });
}

http::Response AdminService::ListReferenceValues(const http::Request& request) {
  return Authenticated(authenticator_, request, [&](const std::string&) -> Result<json> {
    VEIL_ASSIGN_OR_RETURN(auto records, store_.ListReferenceValues());
    json list = json::array();
    for (const auto& record : records) list.push_back(ReferenceValueJson(record));
    return json{{"reference_values", std::move(list)}};
  });
}

http::Response AdminService::ReadAudit(const http::Request& request) {
  return Authenticated(authenticator_, request, [&](const std::string&) -> Result<json> {
    const std::uint64_t from = QueryNumber(request.query, "from", 1);
    const std::uint64_t limit =
        std::min<std::uint64_t>(QueryNumber(request.query, "limit", 1000), 10000);
    VEIL_ASSIGN_OR_RETURN(auto entries, store_.ReadAudit(from, static_cast<std::size_t>(limit)));
    json list = json::array();
    for (const auto& entry : entries) {
      list.push_back({{"sequence", entry.sequence},
                      {"time", FormatRfc3339(entry.time)},
                      {"actor", entry.actor},
                      {"action", entry.action},
                      {"subject", entry.subject},
                      {"details", entry.details},
                      {"previous_hash", HexEncode(entry.previous_hash)},
                      {"hash", HexEncode(entry.hash)}});
    }
    return json{{"entries", std::move(list)}};
  });
}

http::Response AdminService::AddNode(const http::Request& request) {
  return Authenticated(authenticator_, request, [&](const std::string& actor) -> Result<json> {
    VEIL_ASSIGN_OR_RETURN(store::NodeIdentity identity, ParseNodeRegistration(request.body));
    VEIL_TRY(store_.RegisterNode(
        identity,
        {actor,
         "node.add",
         identity.name,
         {{"ek", identity.ek_digest}, {"ek_certificate", !identity.ek_certificate.empty()}}}));
    return json{{"name", identity.name},
                {"state", store::NodeStateName(store::NodeState::kRegistered)},
                {"ek", identity.ek_digest}};
  });
}

http::Response AdminService::ListNodes(const http::Request& request) {
  return Authenticated(authenticator_, request, [&](const std::string&) -> Result<json> {
    VEIL_ASSIGN_OR_RETURN(auto nodes, store_.ListNodes());
    json list = json::array();
    for (const auto& node : nodes) list.push_back(NodeJson(node));
    return json{{"nodes", std::move(list)}};
  });
}

http::Response AdminService::DeleteNode(const http::Request& request) {
  return Authenticated(authenticator_, request, [&](const std::string& actor) -> Result<json> {
    const std::string name(std::string_view(request.path).substr(kNodePrefix.size()));
    VEIL_TRY(store::ValidateNodeName(name));
    VEIL_ASSIGN_OR_RETURN(auto nodes, store_.ListNodes());
    json details = json::object();
    for (const auto& node : nodes) {
      if (node.identity.name != name) continue;
      details = {{"ek", node.identity.ek_digest},
                 {"ak", node.ak_digest ? json(*node.ak_digest) : json(nullptr)}};
    }
    VEIL_TRY(store_.DeleteNode(name, {actor, "node.delete", name, details}));
    return json{{"deleted", name}};
  });
}

}  // namespace veil::admin
