#pragma once
// The Intel SGX Root CA bundled with Veil: the trust anchor of every PCK certificate chain, TCB
// signing chain and root CA CRL (Intel PCK Certificate and CRL Profile, section 1.3).

#include "veil/crypto/certificate.h"

namespace veil::endorsement::intel {

// The bundled root (self-signed, ECDSA P-256, valid 2018-05-21 to 2049-12-31).
const crypto::Certificate& BundledRoot();

// True when `root` is byte-identical to the bundled root.
bool IsBundledRoot(const crypto::Certificate& root);

// True when `candidate` is byte-identical to `root`, the Intel SGX Root CA a verification trusts:
// BundledRoot() in every shipped path; tests pass an Intel-like test root
// (src/veil/testing/intel_test_ca.h) to reach revocation and Revoked levels on purpose.
bool IsTrustedRoot(const crypto::Certificate& candidate, const crypto::Certificate& root);

}  // namespace veil::endorsement::intel
