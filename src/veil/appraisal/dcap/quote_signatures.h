#pragma once
// The three signatures and the binding inside every DCAP quote (Intel SGX ECDSA Quote Library
// API / Intel TDX DCAP Quoting Library API, "Quote Signature Data"; verification order as in
// Intel's QVL):
//  1. the QE report is signed (ECDSA P-256, SHA-256, raw r ‖ s) by the PCK leaf key;
//  2. the QE report's REPORTDATA is SHA-256(attestation key ‖ QE auth data) ‖ 32 zero bytes;
//  3. the quote (header ‖ body) is signed by that attestation key.
// Each failure is kVerificationFailed naming the signature or field and, for the binding, the
// expected and found values.

#include "veil/base/bytes.h"
#include "veil/base/result.h"
#include "veil/crypto/public_key.h"
#include "veil/evidence/dcap/ecdsa_signature_data.h"

namespace veil::appraisal::dcap {

Status VerifyQeReportSignature(const evidence::dcap::EcdsaSignatureData& data,
                               const crypto::PublicKey& pck_key, std::string_view pck_subject);
Status VerifyAttestationKeyBinding(const evidence::dcap::EcdsaSignatureData& data);
Status VerifyQuoteSignature(const evidence::dcap::EcdsaSignatureData& data, ByteSpan signed_part);

}  // namespace veil::appraisal::dcap
