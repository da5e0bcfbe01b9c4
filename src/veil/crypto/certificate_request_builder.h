#pragma once
// Building a PKCS#10 certificate signing request for a key the caller holds (the agent asks the
// trustee's workload CA to certify it).

#include <span>

#include "veil/base/result.h"
#include "veil/crypto/certificate_request.h"
#include "veil/crypto/private_key.h"
#include "veil/crypto/subject_alt_name.h"

namespace veil::crypto {

// A version 1 request with an empty subject and one non-critical subjectAltName (in an
// extensionRequest attribute) listing `names` in order, signed by `key`: ECDSA with SHA-256
// (P-256) or SHA-384 (P-384, P-521), RSASSA-PKCS1-v1_5 with SHA-256, or Ed25519.
// kInvalidArgument for no names, a name ValidateSubjectAltName refuses or a name listed twice.
Result<CertificateRequest> BuildCertificateRequest(const PrivateKey& key,
                                                   std::span<const SubjectAltName> names);

}  // namespace veil::crypto
