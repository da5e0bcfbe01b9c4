#pragma once
// The workload CA's public endpoints (docs/kbs-protocol.md, "Veil extensions"; no admin
// authentication — issuance is authenticated by the attestation the TEE presents):
//
//   POST /veil/v0/workload/certificate   {"csr": "<PEM>"} with a Bearer token or the session
//        cookie -> {"certificate": PEM, "ca_certificates": [PEM, ...], "serial": hex,
//        "not_after": RFC 3339, "attestation_digest": "sha256:<hex>"}; 401 without a usable
//        attestation, 400 for a bad body or CSR, 403 when the identity policy refuses a name
//        (the rule and reason in the detail)
//   GET  /veil/v0/workload/ca            PEM bundle of the published CA certificates, current first
//   GET  /veil/v0/workload/crl           PEM CRLs of every published CA, current first
//   GET  /veil/v0/workload/certificates/<serial>   {"serial", "status": "good" | "revoked" |
//        "expired", "names", "not_before", "not_after", "revoked_at", "reason",
//        "attestation_digest"}; 404 unknown
//   GET  /veil/v0/workload/attestations/sha256:<hex>   {"attestation_digest", "claims",
//        "serial"}: the attestation result (token claims) a certificate was issued for, and the
//        last certificate issued for it; 404 unknown

#include <functional>

#include "veil/http/message/request.h"
#include "veil/http/message/response.h"
#include "veil/http/server/router.h"
#include "veil/kbs/kbs_context.h"
#include "veil/workload_ca/ca_keyring.h"
#include "veil/workload_ca/certificate_issuer.h"

namespace veil::workload_ca {

inline constexpr std::string_view kCertificatePath = "/veil/v0/workload/certificate";
inline constexpr std::string_view kCaPath = "/veil/v0/workload/ca";
inline constexpr std::string_view kCrlPath = "/veil/v0/workload/crl";
inline constexpr std::string_view kCertificatesPath = "/veil/v0/workload/certificates";
inline constexpr std::string_view kCertificateStatusPrefix = "/veil/v0/workload/certificates/";
inline constexpr std::string_view kAttestationPrefix = "/veil/v0/workload/attestations/";

class WorkloadCaService {
 public:
  WorkloadCaService(const kbs::KbsContext& context, CaKeyring& keyring, CertificateIssuer& issuer)
      : context_(context), keyring_(keyring), issuer_(issuer) {}

  // Adds the five routes, each passed through `guard` first (the trustee puts the per-address
  // rate limit of /auth there: issuing, and signing a CRL, cost a signature each).
  using Guard = std::function<http::Handler(http::Handler)>;
  void Register(http::Router& router, const Guard& guard = {});

  http::Response Issue(const http::Request& request);
  http::Response CaBundle(const http::Request& request);
  http::Response Crls(const http::Request& request);
  http::Response CertificateStatus(const http::Request& request);
  http::Response AttestationResult(const http::Request& request);

 private:
  const kbs::KbsContext& context_;
  CaKeyring& keyring_;
  CertificateIssuer& issuer_;
};

// "good", "revoked" or "expired" at `now`.
std::string_view CertificateStatusName(const store::WorkloadCertificateRecord& record,
                                       TimePoint now);

}  // namespace veil::workload_ca
