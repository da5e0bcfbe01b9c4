#pragma once
// The attestation key (AK) a quote is verified with, from whichever form the caller holds:
// PEM or DER SubjectPublicKeyInfo (`tpm2_createak -f pem`), TPM2B_PUBLIC (`tpm2_createak -u`,
// tss format) or TPMT_PUBLIC (go-tpm-tools' ak_pub).

#include <optional>

#include "veil/base/bytes.h"
#include "veil/base/result.h"
#include "veil/crypto/public_key.h"
#include "veil/evidence/tpm/public_area.h"

namespace veil::appraisal::tpm {

struct AttestationKey {
  crypto::PublicKey key;
  // Present when the AK came as a TPM public area: its attributes and mandatory scheme can then
  // be checked against the quote's signature.
  std::optional<evidence::tpm::PublicArea> public_area;
};

// SubjectPublicKeyInfo when `bytes` hold a PEM block or start with a DER SEQUENCE (0x30), a TPM
// public area otherwise (see evidence::tpm::ParsePublicArea). kMalformed / kUnsupported from the
// parsers, prefixed with "AK: ".
Result<AttestationKey> LoadAttestationKey(ByteSpan bytes);

// The OpenSSL key of an RSA or NIST-curve ECC public area (exponent 0 means 65537).
Result<crypto::PublicKey> PublicKeyFromArea(const evidence::tpm::PublicArea& area);

}  // namespace veil::appraisal::tpm
