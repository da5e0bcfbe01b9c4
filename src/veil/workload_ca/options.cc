#include "veil/workload_ca/options.h"

#include "veil/base/duration.h"

namespace veil::workload_ca {

Status ValidateWorkloadCaOptions(const WorkloadCaOptions& options) {
  if (options.certificate_ttl >= options.ca_ttl) {
    return Fail(InvalidArgument(
        "workload_ca.certificate_ttl (" + FormatDuration(options.certificate_ttl) +
        ") must be shorter than workload_ca.ca_ttl (" + FormatDuration(options.ca_ttl) + ")"));
  }
  if (options.rotation_overlap < options.certificate_ttl) {
    return Fail(InvalidArgument(
        "workload_ca.rotation_overlap (" + FormatDuration(options.rotation_overlap) +
        ") must be at least workload_ca.certificate_ttl (" +
        FormatDuration(options.certificate_ttl) +
        "): certificates of a rotated-out CA must stay verifiable until they expire"));
  }
  if (options.organization.empty())
    return Fail(InvalidArgument("workload_ca.organization must not be empty"));
  if (!options.public_url.empty() && !options.public_url.starts_with("https://") &&
      !options.public_url.starts_with("http://")) {
    return Fail(InvalidArgument("workload_ca.public_url: expected http:// or https://, got \"" +
                                options.public_url + "\""));
  }
  return {};
}

}  // namespace veil::workload_ca
