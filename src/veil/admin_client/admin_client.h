#pragma once
// A typed client of the trustee's admin API (src/veil/admin/admin_service.h lists the endpoints):
// one method per operation, so no caller spells a URL. Every request carries a fresh JWT signed
// with the admin's private key (EdDSA or ES256, 60 s lifetime, random jti).
//
// Every method returns the trustee's JSON answer of a 2xx response. A problem response becomes an
// error carrying the server's detail with context "trustee": kPolicyDenied for 401/403,
// kNotFound for 404, kInvalidArgument for 400/413, kUnavailable for 429/503 (rate limited or
// full; the detail says when to retry) and when the trustee cannot be reached, kInternal
// otherwise; kMalformed when the answer is not JSON.

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "veil/audit/audit_entry.h"
#include "veil/base/bytes.h"
#include "veil/base/clock.h"
#include "veil/base/reference_value.h"
#include "veil/base/result.h"
#include "veil/crypto/private_key.h"
#include "veil/protocol/policy_kind.h"
#include "veil/protocol/resource_path.h"

namespace veil::admin_client {

using protocol::PolicyKind;
using protocol::PolicyKindName;

// What an update does with the earlier values of its name ("mode" of POST
// /kbs/v0/reference-value).
enum class ReferenceValueMode {
  kReplace,  // the values become the name's only ones
  kAppend,   // the values join the earlier ones, each with this expiry and provenance
};

// Accepted values of one reference value name; the trustee validates every field.
struct ReferenceValueUpdate {
  std::string name;  // e.g. "snp.measurement", "tpm.pcrs.sha256.23"
  std::vector<std::string> values;
  std::string provenance;              // free text, audited
  std::optional<std::string> expires;  // RFC 3339, sent as given
  ReferenceValueMode mode = ReferenceValueMode::kReplace;
  bool force = false;  // store an unknown "<tee>." name (policy/reference_value_catalogue.h)
};

class AdminClient {
 public:
  // `base_url` like "http://127.0.0.1:8080"; `key` is the admin private key (Ed25519 or P-256).
  AdminClient(std::string base_url, crypto::PrivateKey key, const Clock& clock,
              std::optional<std::string> ca_file = std::nullopt);

  // POST /kbs/v0/resource/<path> with the secret's raw bytes (replaces an earlier secret).
  Result<nlohmann::json> PutSecret(const protocol::ResourcePath& path, ByteSpan secret) const;
  // DELETE /kbs/v0/resource/<path>.
  Result<nlohmann::json> DeleteSecret(const protocol::ResourcePath& path) const;
  // GET /kbs/v0/resources: the paths, never the values.
  Result<nlohmann::json> ListSecrets() const;

  // POST /kbs/v0/<kind>-policy {"policy": base64url(document)}.
  Result<nlohmann::json> SetPolicy(PolicyKind kind, ByteSpan document) const;
  // GET /kbs/v0/<kind>-policy: {"id", "policy", "default"}.
  Result<nlohmann::json> GetPolicy(PolicyKind kind) const;

  // POST /kbs/v0/reference-value {"name", "values", "provenance", "expires"?, "mode", "force"?}.
  Result<nlohmann::json> AddReferenceValue(const ReferenceValueUpdate& update) const;
  // POST /kbs/v0/reference-value {"name", "values", "mode": "remove"}: kNotFound, removing
  // nothing, unless the name has every one of `values`.
  Result<nlohmann::json> RemoveReferenceValues(std::string_view name,
                                               std::span<const std::string> values) const;
  // GET /kbs/v0/reference-values.
  Result<nlohmann::json> ListReferenceValues() const;
  // The same list as entries (reference_value_entries.h), by name, then in order of addition.
  Result<std::vector<ReferenceValue>> ListReferenceValueEntries() const;
  // DELETE /kbs/v0/reference-value/<name>: every value of the name.
  Result<nlohmann::json> DeleteReferenceValue(std::string_view name) const;
  // POST /kbs/v0/reference-values {"reference_values": [...], "force"?}: each listed name's values
  // replaced by its entries', all or nothing.
  Result<nlohmann::json> ImportReferenceValues(std::span<const ReferenceValue> entries,
                                               bool force) const;

  // POST /veil/v0/nodes {"name", "ek_certificate" | "ek_public": base64 of the file's bytes}.
  Result<nlohmann::json> AddNode(std::string_view name, std::string_view ek_member,
                                 ByteSpan ek_bytes) const;
  // GET /veil/v0/nodes.
  Result<nlohmann::json> ListNodes() const;
  // DELETE /veil/v0/nodes/<name>.
  Result<nlohmann::json> DeleteNode(std::string_view name) const;

  // The workload CA (admin/workload_ca_admin.h). GET /veil/v0/workload/cas.
  Result<nlohmann::json> ListWorkloadCas() const;
  // POST /veil/v0/workload/ca/rotate {"overlap"?: text}.
  Result<nlohmann::json> RotateWorkloadCa(std::optional<std::string_view> overlap) const;
  // GET /veil/v0/workload/certificates.
  Result<nlohmann::json> ListWorkloadCertificates() const;
  // POST /veil/v0/workload/revocations {"serial" | "tee_identity": `which`, "reason"?}.
  Result<nlohmann::json> RevokeWorkloadCertificates(std::string_view member, std::string_view which,
                                                    std::optional<std::string_view> reason) const;
  // GET /veil/v0/workload/crl (public: sent without a token): the PEM CRLs.
  Result<std::string> FetchWorkloadCrls() const;

  // GET /kbs/v0/audit?from=<from>&limit=<limit>: up to `limit` entries from sequence `from` on,
  // rebuilt for local chain verification (audit_entries.h); empty past the head.
  Result<std::vector<audit::AuditEntry>> ListAuditEntries(std::uint64_t from,
                                                          std::size_t limit) const;

 private:
  Result<nlohmann::json> Call(std::string_view method, std::string_view path, std::string body = {},
                              std::string_view content_type = "application/json") const;
  Result<std::string> FreshToken() const;

  std::string base_url_;
  crypto::PrivateKey key_;
  const Clock& clock_;
  std::optional<std::string> ca_file_;
};

}  // namespace veil::admin_client
