#pragma once
// The trustee's answer to a certificate request (POST /veil/v0/workload/certificate,
// docs/networking.md): the workload's certificate and the CA certificates to trust peers with.
// The shape is checked here; the certificates themselves are parsed by agent/workload_certificate.

#include <string>
#include <string_view>
#include <vector>

#include "veil/base/result.h"

namespace veil::agent {

inline constexpr std::string_view kWorkloadCertificatePath = "/veil/v0/workload/certificate";

struct IssuedCertificate {
  std::string certificate;                   // PEM: the workload's (leaf) certificate
  std::vector<std::string> ca_certificates;  // PEM each: the published CAs, current first
  std::string serial;                        // hex
  std::string not_after;                     // RFC 3339
  std::string attestation_digest;            // "sha256:<hex>" of the token it was issued for
};

// {"certificate", "ca_certificates": [...], "serial", "not_after", "attestation_digest"}.
// kMalformed naming the member that is missing or of the wrong type, or when no CA is listed.
Result<IssuedCertificate> ReadIssuedCertificate(std::string_view body);

}  // namespace veil::agent
