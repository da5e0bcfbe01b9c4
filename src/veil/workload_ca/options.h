#pragma once
// The workload CA's settings: [workload_ca] of the trustee configuration (docs/trustee-config.md).

#include <chrono>
#include <string>

#include "veil/base/result.h"

namespace veil::workload_ca {

struct WorkloadCaOptions {
  bool enabled = true;
  // Lifetime of a workload certificate (it never outlives its token's exp by more, nor its CA).
  std::chrono::seconds certificate_ttl{std::chrono::hours(24)};
  std::chrono::seconds ca_ttl{std::chrono::hours(24 * 365)};  // lifetime of a CA certificate
  // How long a rotated-out CA stays published; at least certificate_ttl.
  std::chrono::seconds rotation_overlap{std::chrono::hours(24)};
  std::string organization = "Veil";  // O= of the CA's subject
  // When set ("https://trustee.example"), certificates carry the CRL distribution point
  // <public_url>/veil/v0/workload/crl.
  std::string public_url;
};

// kInvalidArgument naming the setting: a certificate_ttl of a CA's lifetime or more, an overlap
// shorter than certificate_ttl, an empty organization, a public_url that is not http(s)://.
Status ValidateWorkloadCaOptions(const WorkloadCaOptions& options);

}  // namespace veil::workload_ca
