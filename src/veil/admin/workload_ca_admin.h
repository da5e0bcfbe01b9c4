#pragma once
// The workload CA's admin endpoints (authenticated and answered like every admin route,
// authenticated_request.h; each change audited in the store's transaction):
//
//   GET  /veil/v0/workload/cas           {"cas": [{"id", "subject", "not_before", "not_after",
//                                         "created_at", "retired_at", "published_until",
//                                         "current": bool, "published": bool, "pem"}, ...]}
//                                         current first, then retired ones, newest first
//   POST /veil/v0/workload/ca/rotate     {"overlap"?: "48h"} -> {"ca": <as above>, "previous",
//                                         "previous_published_until"} (audit "workload_ca.rotate")
//   GET  /veil/v0/workload/certificates  {"certificates": [{"serial", "names", "tee_identity",
//                                         "ca", "not_before", "not_after", "issued_at", "status",
//                                         "revoked_at", "reason", "attestation_digest"}, ...]}
//   POST /veil/v0/workload/revocations   {"serial": hex} or {"tee_identity": "..."}, with
//                                         "reason"?: RFC 5280 name (default "unspecified")
//                                         -> {"revoked": [serial, ...]} (audit
//                                         "certificate.revoke", details "serials")

#include <functional>

#include "veil/admin/admin_authenticator.h"
#include "veil/base/clock.h"
#include "veil/http/message/request.h"
#include "veil/http/message/response.h"
#include "veil/http/server/router.h"
#include "veil/store/store.h"
#include "veil/workload_ca/ca_keyring.h"

namespace veil::admin {

inline constexpr std::string_view kRevokeAction = "certificate.revoke";

class WorkloadCaAdmin {
 public:
  WorkloadCaAdmin(const AdminAuthenticator& authenticator, store::Store& store,
                  workload_ca::CaKeyring& keyring, const Clock& clock)
      : authenticator_(authenticator), store_(store), keyring_(keyring), clock_(clock) {}

  using Guard = std::function<http::Handler(http::Handler)>;
  void Register(http::Router& router, const Guard& guard = {});

  http::Response ListCas(const http::Request& request);
  http::Response Rotate(const http::Request& request);
  http::Response ListCertificates(const http::Request& request);
  http::Response Revoke(const http::Request& request);

 private:
  const AdminAuthenticator& authenticator_;
  store::Store& store_;
  workload_ca::CaKeyring& keyring_;
  const Clock& clock_;
};

}  // namespace veil::admin
