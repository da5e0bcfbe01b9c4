#include "veil/admin_client/admin_client.h"

#include "veil/admin_client/audit_entries.h"
#include "veil/admin_client/reference_value_entries.h"
#include "veil/base/base64.h"
#include "veil/base/hex.h"
#include "veil/base/rfc3339.h"
#include "veil/crypto/jose/jwt.h"
#include "veil/crypto/random.h"
#include "veil/http/client/client.h"
#include "veil/json/parse.h"

namespace veil::admin_client {
namespace {

constexpr std::chrono::seconds kTokenLifetime{60};
constexpr std::string_view kApi = "/kbs/v0/";
constexpr std::string_view kOctetStream = "application/octet-stream";

Error ServerError(unsigned status, const std::string& body) {
  std::string detail = "HTTP " + std::to_string(status);
  auto problem = json::ParseJson(body);
  if (problem && problem->is_object() && problem->contains("detail") &&
      (*problem)["detail"].is_string()) {
    detail = (*problem)["detail"].get<std::string>();
  }
  ErrorCode code = ErrorCode::kInternal;
  if (status == 401 || status == 403) code = ErrorCode::kPolicyDenied;
  if (status == 404) code = ErrorCode::kNotFound;
  if (status == 400 || status == 413) code = ErrorCode::kInvalidArgument;
  // A rate limit or a full trustee: the detail says when to retry.
  if (status == 429 || status == 503) code = ErrorCode::kUnavailable;
  return Error{code, detail, "trustee"};
}

// Values come from the command line or a file: text that is not UTF-8 is replaced, never thrown.
std::string Dump(const nlohmann::json& body) {
  return body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace

AdminClient::AdminClient(std::string base_url, crypto::PrivateKey key, const Clock& clock,
                         std::optional<std::string> ca_file)
    : base_url_(std::move(base_url)),
      key_(std::move(key)),
      clock_(clock),
      ca_file_(std::move(ca_file)) {
  while (!base_url_.empty() && base_url_.back() == '/') base_url_.pop_back();
}

Result<std::string> AdminClient::FreshToken() const {
  const std::int64_t now = UnixSeconds(clock_.Now());
  return crypto::jose::SignJwt(key_, nlohmann::json::object(),
                               {{"iat", now},
                                {"exp", now + kTokenLifetime.count()},
                                {"jti", HexEncode(crypto::RandomBytes(16))},
                                {"sub", "veil-cli"}});
}

Result<nlohmann::json> AdminClient::Call(std::string_view method, std::string_view path,
                                         std::string body, std::string_view content_type) const {
  VEIL_ASSIGN_OR_RETURN(std::string token, FreshToken());
  http::ClientRequest request{
      .method = std::string(method), .url = base_url_ + std::string(path), .body = std::move(body)};
  request.headers.Add("Authorization", "Bearer " + token);
  if (!request.body.empty()) request.headers.Add("Content-Type", std::string(content_type));
  if (ca_file_) request.ca_file = *ca_file_;
  VEIL_ASSIGN_OR_RETURN(http::ClientResponse response, http::Send(request));
  if (response.status < 200 || response.status >= 300)
    return Fail(ServerError(response.status, response.body));
  auto answer = json::ParseJson(response.body);
  if (!answer)
    return Fail(Error{ErrorCode::kMalformed, "the trustee's answer is not JSON", "trustee"});
  return answer;
}

Result<nlohmann::json> AdminClient::ListWorkloadCas() const {
  return Call("GET", "/veil/v0/workload/cas");
}

Result<nlohmann::json> AdminClient::RotateWorkloadCa(
    std::optional<std::string_view> overlap) const {
  nlohmann::json body = nlohmann::json::object();
  if (overlap) body["overlap"] = *overlap;
  return Call("POST", "/veil/v0/workload/ca/rotate", Dump(body));
}

Result<nlohmann::json> AdminClient::ListWorkloadCertificates() const {
  return Call("GET", "/veil/v0/workload/certificates");
}

Result<nlohmann::json> AdminClient::RevokeWorkloadCertificates(
    std::string_view member, std::string_view which, std::optional<std::string_view> reason) const {
  nlohmann::json body = {{member, which}};
  if (reason) body["reason"] = *reason;
  return Call("POST", "/veil/v0/workload/revocations", Dump(body));
}

Result<std::string> AdminClient::FetchWorkloadCrls() const {
  http::ClientRequest request{.method = "GET", .url = base_url_ + "/veil/v0/workload/crl"};
  if (ca_file_) request.ca_file = *ca_file_;
  VEIL_ASSIGN_OR_RETURN(http::ClientResponse response, http::Send(request));
  if (response.status != 200) return Fail(ServerError(response.status, response.body));
  return std::move(response.body);
}

Result<nlohmann::json> AdminClient::PutSecret(const protocol::ResourcePath& path,
                                              ByteSpan secret) const {
  return Call("POST", std::string(kApi) + "resource/" + path.str(),
              std::string(reinterpret_cast<const char*>(secret.data()), secret.size()),
              kOctetStream);
}

Result<nlohmann::json> AdminClient::DeleteSecret(const protocol::ResourcePath& path) const {
  return Call("DELETE", std::string(kApi) + "resource/" + path.str());
}

Result<nlohmann::json> AdminClient::ListSecrets() const {
  return Call("GET", std::string(kApi) + "resources");
}

Result<nlohmann::json> AdminClient::SetPolicy(PolicyKind kind, ByteSpan document) const {
  const nlohmann::json body = {{"policy", Base64UrlEncode(document)}};
  return Call("POST", std::string(kApi) + std::string(PolicyKindName(kind)) + "-policy",
              body.dump());
}

Result<nlohmann::json> AdminClient::GetPolicy(PolicyKind kind) const {
  return Call("GET", std::string(kApi) + std::string(PolicyKindName(kind)) + "-policy");
}

Result<nlohmann::json> AdminClient::AddReferenceValue(const ReferenceValueUpdate& update) const {
  nlohmann::json body = {
      {"name", update.name},
      {"values", update.values},
      {"provenance", update.provenance},
      {"mode", update.mode == ReferenceValueMode::kAppend ? "append" : "replace"}};
  if (update.expires) body["expires"] = *update.expires;
  if (update.force) body["force"] = true;
  return Call("POST", std::string(kApi) + "reference-value", Dump(body));
}

Result<nlohmann::json> AdminClient::RemoveReferenceValues(
    std::string_view name, std::span<const std::string> values) const {
  const nlohmann::json body = {{"name", name}, {"values", values}, {"mode", "remove"}};
  return Call("POST", std::string(kApi) + "reference-value", Dump(body));
}

Result<nlohmann::json> AdminClient::ListReferenceValues() const {
  return Call("GET", std::string(kApi) + "reference-values");
}

Result<std::vector<ReferenceValue>> AdminClient::ListReferenceValueEntries() const {
  VEIL_ASSIGN_OR_RETURN(nlohmann::json answer, ListReferenceValues());
  return ReferenceValueEntriesFromJson(answer);
}

Result<nlohmann::json> AdminClient::ImportReferenceValues(std::span<const ReferenceValue> entries,
                                                          bool force) const {
  nlohmann::json list = nlohmann::json::array();
  for (const ReferenceValue& entry : entries) {
    nlohmann::json object = {
        {"name", entry.name}, {"values", entry.values}, {"provenance", entry.provenance}};
    if (entry.expires_at) object["expires"] = FormatRfc3339(*entry.expires_at);
    list.push_back(std::move(object));
  }
  nlohmann::json body = {{"reference_values", std::move(list)}};
  if (force) body["force"] = true;
  return Call("POST", std::string(kApi) + "reference-values", Dump(body));
}

Result<nlohmann::json> AdminClient::DeleteReferenceValue(std::string_view name) const {
  return Call("DELETE", std::string(kApi) + "reference-value/" + std::string(name));
}

Result<nlohmann::json> AdminClient::AddNode(std::string_view name, std::string_view ek_member,
                                            ByteSpan ek_bytes) const {
  const nlohmann::json body = {{"name", name}, {ek_member, Base64Encode(ek_bytes)}};
  return Call("POST", "/veil/v0/nodes", body.dump());
}

Result<nlohmann::json> AdminClient::ListNodes() const { return Call("GET", "/veil/v0/nodes"); }

Result<nlohmann::json> AdminClient::DeleteNode(std::string_view name) const {
  return Call("DELETE", "/veil/v0/nodes/" + std::string(name));
}

Result<std::vector<audit::AuditEntry>> AdminClient::ListAuditEntries(std::uint64_t from,
                                                                     std::size_t limit) const {
  VEIL_ASSIGN_OR_RETURN(nlohmann::json page,
                        Call("GET", std::string(kApi) + "audit?from=" + std::to_string(from) +
                                        "&limit=" + std::to_string(limit)));
  return AuditEntriesFromJson(page);
}

}  // namespace veil::admin_client
