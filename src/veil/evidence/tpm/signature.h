#pragma once
// The signature of a TPM2_Quote: TPMT_SIGNATURE (TCG TPM 2.0 Library Part 2: Structures, rev 1.59,
// 11.3.4), over the exact TPMS_ATTEST bytes with the AK. Parse only.

#include <cstdint>
#include <string_view>

#include "veil/base/bytes.h"
#include "veil/base/result.h"
#include "veil/evidence/tpm/marshal.h"

namespace veil::evidence::tpm {

enum class SignatureScheme { kRsassa, kRsapss, kEcdsa };

std::string_view SignatureSchemeName(SignatureScheme scheme);  // "rsassa", "rsapss", "ecdsa"
std::uint16_t SignatureSchemeId(SignatureScheme scheme);       // TPM_ALG_ID

struct Signature {
  SignatureScheme scheme = SignatureScheme::kRsassa;
  HashAlg hash = HashAlg::kSha256;  // the hash the TPM applied to the message
  Bytes rsa_signature;              // RSASSA/RSAPSS: TPMS_SIGNATURE_RSA.sig (11.3.1)
  Bytes ecdsa_r;                    // ECDSA: TPMS_SIGNATURE_ECC.signatureR (11.3.2), big-endian
  Bytes ecdsa_s;                    //        TPMS_SIGNATURE_ECC.signatureS
};

// Parses the whole buffer as one big-endian TPMT_SIGNATURE: sigAlg u16, then for RSASSA (0x0014)
// and RSAPSS (0x0016) hash u16 + TPM2B_PUBLIC_KEY_RSA, for ECDSA (0x0018) hash u16 + two
// TPM2B_ECC_PARAMETER. kUnsupported for other sigAlg or hash values; kMalformed for sizes above
// the maximum or what remains, empty values, and trailing bytes.
Result<Signature> ParseSignature(ByteSpan bytes);

}  // namespace veil::evidence::tpm
