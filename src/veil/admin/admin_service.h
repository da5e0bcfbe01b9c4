#pragma once
// The admin endpoints. Each handler authenticates first, validates the whole change (a policy
// must parse, a reference value must be well-formed, a secret non-empty), then stores it together
// with its audit entry. Responses are JSON; errors are KBS problem details.
//
//   POST|PUT /kbs/v0/resource/<repo>/<type>/<tag>  body: the secret's raw bytes
//   DELETE /kbs/v0/resource/<repo>/<type>/<tag>
//   GET    /kbs/v0/resources                       list of paths (never values)
//   POST   /kbs/v0/resource-policy                 {"policy": "<base64url document>"}
//   POST   /kbs/v0/attestation-policy              {"type"?, "policy_id"?, "policy": "<base64url>"}
//   GET    /kbs/v0/resource-policy | attestation-policy   {"id", "policy", "default": bool}
//   POST   /kbs/v0/reference-value                 {"name", "values": [...], "expires"?,
//                                                   "provenance"?, "mode"?: "replace" (default)
//                                                   | "append" | "remove", "force"?: bool}
//                                                   or CoCo's RVPS message (replaces)
//   GET    /kbs/v0/reference-value/<name>          the JSON array of its values (canonical text)
//   DELETE /kbs/v0/reference-value/<name>          every value of the name
//   GET    /kbs/v0/reference-values                {"reference_values": [{"name", "values",
//                                                   "expires", "provenance", "updated"}, ...]}
//   POST   /kbs/v0/reference-values                import: {"reference_values": [...],
//                                                   "force"?}, all or nothing
//
// Reference values are checked against policy/reference_value_catalogue.h (form of a known
// claim's values, unknown "<tee>." names refused unless forced, expiry in the future) before
// anything is stored; a removal is not.
//   GET    /kbs/v0/audit?from=N&limit=M            audit entries (hashes hex)
//
// TPM nodes (Veil's own paths; node_registration.h, store/node.h):
//   POST   /veil/v0/nodes                          {"name", "ek_certificate" | "ek_public"}
//                                                   registers the node (audit "node.add")
//   GET    /veil/v0/nodes                          {"nodes": [{"name", "state", "ek", "ak",
//                                                   "ek_certificate": bool, "registered",
//                                                   "enrolled"}, ...]} by name
//   DELETE /veil/v0/nodes/<name>                   removes it and the trust in its AK at once
//                                                   (audit "node.delete")

#include <functional>

#include "veil/admin/admin_authenticator.h"
#include "veil/base/clock.h"
#include "veil/http/message/request.h"
#include "veil/http/message/response.h"
#include "veil/http/server/router.h"
#include "veil/kbs/secret_sealer.h"
#include "veil/store/store.h"

namespace veil::admin {

class AdminService {
 public:
  // `clock` is what a reference value's expiry is compared with.
  AdminService(const AdminAuthenticator& authenticator, store::Store& store,
               const kbs::SecretSealer& sealer, const Clock& clock)
      : authenticator_(authenticator), store_(store), sealer_(sealer), clock_(clock) {}

  // Adds every admin route; each handler is passed through `guard` first (the trustee puts its
  // per-client rate limit there, ahead of authentication).
  using Guard = std::function<http::Handler(http::Handler)>;
  void Register(http::Router& router, const Guard& guard = {});

  http::Response PutResource(const http::Request& request);
  http::Response DeleteResource(const http::Request& request);
  http::Response ListResources(const http::Request& request);
  http::Response SetPolicy(const http::Request& request, store::PolicyKind kind);
  http::Response GetPolicy(const http::Request& request, store::PolicyKind kind);
  http::Response PutReferenceValue(const http::Request& request);
  http::Response GetReferenceValue(const http::Request& request);
  http::Response DeleteReferenceValue(const http::Request& request);
  http::Response ListReferenceValues(const http::Request& request);
  http::Response ImportReferenceValues(const http::Request& request);
  http::Response ReadAudit(const http::Request& request);
  http::Response AddNode(const http::Request& request);
  http::Response ListNodes(const http::Request& request);
  http::Response DeleteNode(const http::Request& request);

 private:
  const AdminAuthenticator& authenticator_;
  store::Store& store_;
  const kbs::SecretSealer& sealer_;
  const Clock& clock_;
};

}  // namespace veil::admin
