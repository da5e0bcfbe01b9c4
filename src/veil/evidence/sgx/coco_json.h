#pragma once
// CoCo's JSON form of SGX evidence (guest-components attester/src/sgx_dcap SgxDcapAttesterEvidence,
// read by trustee deps/verifier/src/sgx SgxEvidence): {"quote": "<standard base64 of the quote>"}.
// Other members are ignored, as serde ignores them. Shape only: the quote is parsed by ParseQuote
// where it is appraised.

#include <nlohmann/json.hpp>

#include "veil/base/bytes.h"
#include "veil/base/result.h"

namespace veil::evidence::sgx {

struct CocoSgxEvidence {
  Bytes quote;  // the quote buffer as the enclave sent it (may carry padding)
};

// kMalformed (context "sgx") for a non-object, a missing, non-string or empty "quote", and base64
// that does not decode.
Result<CocoSgxEvidence> ParseCocoSgxEvidence(const nlohmann::json& evidence);

// The inverse, as a CoCo SGX attester sends it.
nlohmann::json ToCocoSgxEvidence(ByteSpan quote);

}  // namespace veil::evidence::sgx
