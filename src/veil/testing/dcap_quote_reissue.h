#pragma once
// Re-issuing a real DCAP quote under a test PCK (intel_test_ca.h): the certification data type 5
// (the PEM PCK chain) is replaced by `pck_chain_pem`, every size that covers it grows or shrinks
// with it (type 5 size, the type 6 size of quote v4/v5, the signature data size), and the QE
// report is signed again with `pck_key` (ECDSA P-256 SHA-256, r||s). The QE report, its binding
// of the attestation key and the quote signature stay exactly as the hardware made them, so a
// verifier that trusts the test root verifies the quote to the end.

#include <string_view>

#include "veil/base/bytes.h"
#include "veil/base/result.h"
#include "veil/crypto/private_key.h"
#include "veil/evidence/dcap/ecdsa_signature_data.h"

namespace veil::testing {

// `parsed` is `quote`'s signature data as evidence/tdx or evidence/sgx parsed it. kInvalidArgument
// when a part of `parsed` cannot be found in `quote` or a size field is not where the layout puts
// it.
Result<Bytes> ReissueDcapQuote(ByteSpan quote, const evidence::dcap::EcdsaSignatureData& parsed,
                               std::string_view pck_chain_pem, const crypto::PrivateKey& pck_key);

}  // namespace veil::testing
