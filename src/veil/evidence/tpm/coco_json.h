#pragma once
// CoCo's JSON form of TPM evidence (guest-components' TpmEvidence, docs/kbs-protocol.md §2):
// {"ak_public": base64 DER SubjectPublicKeyInfo, "tpm_quote": {"message": base64 TPMS_ATTEST,
// "signature": base64 TPMT_SIGNATURE, "pcrs": [24 hex SHA-256 values]}}. Decoding only; the quote
// is checked by appraisal/tpm.

#include <string>

#include <nlohmann/json.hpp>

#include "veil/base/bytes.h"
#include "veil/base/result.h"

namespace veil::evidence::tpm {

struct CocoTpmEvidence {
  Bytes ak_public;   // as the guest sent it; appraisal/tpm reads SPKI, TPM2B_PUBLIC or TPMT_PUBLIC
  Bytes message;     // TPMS_ATTEST
  Bytes signature;   // TPMT_SIGNATURE
  std::string pcrs;  // the "pcrs" array as JSON text, one of the forms pcr_values.h reads
};

// kMalformed naming the member that is missing, of the wrong type, or not base64.
Result<CocoTpmEvidence> ParseCocoTpmEvidence(const nlohmann::json& evidence);

}  // namespace veil::evidence::tpm
