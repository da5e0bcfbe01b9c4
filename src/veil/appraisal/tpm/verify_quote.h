#pragma once
// Appraisal of a TPM 2.0 quote: the AK's signature over the TPMS_ATTEST bytes, the qualifying
// data (nonce), the PCR selection and the PCR values behind pcrDigest. Only when every check
// holds does it issue VerifiedClaims (tee "tpm"):
//   {"ak": hex SHA-256 of the AK's DER SubjectPublicKeyInfo, "ak_type": "RSA-2048" | "EC P-256"
//   ...,
//    "nonce": hex extraData, "pcrs": {"sha256": {"0": hex, ...}, ...}, "pcr_digest": hex,
//    "signature_scheme": "rsassa" | "rsapss" | "ecdsa", "hash": "sha256" ..., "qualified_signer":
//    hex, "clock": {"clock": n, "reset_count": n, "restart_count": n, "safe": bool},
//    "firmware_version": 16 hex digits, "node"?: the enrolled node the AK is bound to}
// Whether the AK belongs to a genuine TPM (EK certificate, enrolment) is not decided here: the
// caller's `enrolled_node` lookup says which node, if any, credential activation bound it to.

#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "veil/appraisal/tpm/attestation_key_cache.h"
#include "veil/appraisal/verified_claims.h"
#include "veil/base/bytes.h"
#include "veil/base/result.h"
#include "veil/evidence/tpm/pcr_selection.h"

namespace veil::appraisal::tpm {

// The files `tpm2_quote` writes, as raw bytes (borrowed for the duration of the call).
struct QuoteInput {
  ByteSpan ak;         // PEM/DER SubjectPublicKeyInfo, TPM2B_PUBLIC or TPMT_PUBLIC
  ByteSpan attest;     // TPMS_ATTEST (tpm2_quote -m)
  ByteSpan signature;  // TPMT_SIGNATURE (tpm2_quote -s)
  ByteSpan pcrs;  // PCR values: serialized, values, JSON or CoCo array (evidence/tpm/pcr_values.h)
  std::optional<Bytes> expected_nonce;  // must equal extraData when set
  std::optional<evidence::tpm::PcrSelection>
      expected_selection;  // must select the same PCRs when set
  // AKs already loaded, shared between calls (none: the AK is loaded for this quote alone).
  AttestationKeyCache* ak_cache = nullptr;
  // The node the AK (its `ak` claim) is bound to, asked only once every check passed; none, or
  // nullopt: no "node" claim. Its error fails the appraisal.
  std::function<Result<std::optional<std::string>>(std::string_view ak)> enrolled_node = {};
};

// Errors carry context "tpm". kMalformed / kUnsupported for bytes that do not parse;
// kVerificationFailed for a signature that does not verify, an AK whose attributes or scheme forbid
// the signature, "nonce mismatch: expected <hex>, got <hex>", "PCR selection mismatch: expected
// <list>, got <list>" and "PCR digest mismatch: the quote signs <hex>, the PCR values hash to
// <hex>".
Result<VerifiedClaims> VerifyQuote(const QuoteInput& input);

}  // namespace veil::appraisal::tpm
