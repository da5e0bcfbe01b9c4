#pragma once
// The CRLs of the workload CA: one per published CA (ca_keyring.h), signed by that CA, listing
// every certificate it issued that is revoked and not yet expired, each with its revocation time
// and RFC 5280 reason. Issued fresh on each call: thisUpdate = now, nextUpdate = now + 1 h, and
// cRLNumber = now in Unix seconds (increasing across calls and replicas whose clocks agree).

#include <chrono>
#include <string>
#include <vector>

#include "veil/base/result.h"
#include "veil/crypto/crl.h"
#include "veil/store/store.h"
#include "veil/workload_ca/ca_keyring.h"

namespace veil::workload_ca {

inline constexpr std::chrono::seconds kCrlValidity{3600};

// The CRL of `ca` at `now` over `certificates` (those of other CAs are skipped).
Result<crypto::Crl> IssueWorkloadCrl(
    const CaHandle& ca, const std::vector<store::WorkloadCertificateRecord>& certificates,
    TimePoint now);

// The PEM CRLs of every published CA, the current CA's first.
Result<std::string> PublishedCrlsPem(CaKeyring& keyring, store::Store& store, TimePoint now);

}  // namespace veil::workload_ca
