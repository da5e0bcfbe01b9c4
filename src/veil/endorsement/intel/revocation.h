#pragma once
// Intel's CRLs as DCAP uses them: the root CA CRL (issued by the Intel SGX Root CA, listing
// revoked intermediate CAs) and the PCK CRLs (issued by the PCK Platform or Processor CA,
// listing revoked PCK certificates). `item` names the CRL in every message ("root CA CRL").

#include <string_view>

#include "veil/base/clock.h"
#include "veil/base/result.h"
#include "veil/crypto/certificate.h"
#include "veil/crypto/crl.h"

namespace veil::endorsement::intel {

// kVerificationFailed unless thisUpdate <= at < nextUpdate (a CRL without nextUpdate is refused:
// Intel's always carry one), naming the item and both dates.
Status CheckCrlCurrent(const crypto::Crl& crl, std::string_view item, TimePoint at);

// `crl` is signed by `issuer`, current at `at`, and does not list `subject`.
Status CheckNotRevoked(const crypto::Crl& crl, std::string_view item,
                       const crypto::Certificate& issuer, const crypto::Certificate& subject,
                       TimePoint at);

}  // namespace veil::endorsement::intel
