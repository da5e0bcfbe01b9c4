#include "veil/appraisal/dcap/quote_signatures.h"

#include <algorithm>
#include <array>
#include <string>

#include "veil/base/hex.h"
#include "veil/crypto/digest.h"
#include "veil/crypto/signature.h"

namespace veil::appraisal::dcap {
namespace {

// ECDSA P-256 with SHA-256 over `message`, the signature as raw big-endian r ‖ s.
Status VerifyRawP256(const crypto::PublicKey& key, ByteSpan message,
                     const std::array<std::uint8_t, 64>& signature) {
  const ByteSpan raw(signature);
  return crypto::VerifyEcdsaRaw(key, crypto::DigestAlgorithm::kSha256, message, raw.first(32),
                                raw.subspan(32));
}

}  // namespace

Status VerifyQeReportSignature(const evidence::dcap::EcdsaSignatureData& data,
                               const crypto::PublicKey& pck_key, std::string_view pck_subject) {
  if (!pck_key.IsEc(crypto::EcCurve::kP256)) {
    return Fail(
        VerificationFailed("PCK certificate holds " + pck_key.Describe() + ", expected EC P-256"));
  }
  const auto& certification = data.qe_certification;
  if (!VerifyRawP256(pck_key, certification.qe_report_bytes, certification.qe_report_signature)) {
    return Fail(VerificationFailed(
        "QE report signature does not verify with the key of the PCK certificate (" +
        std::string(pck_subject) + ")"));
  }
  return {};
}

Status VerifyAttestationKeyBinding(const evidence::dcap::EcdsaSignatureData& data) {
  const auto& certification = data.qe_certification;
  Bytes bound(data.attestation_key.begin(), data.attestation_key.end());
  bound.insert(bound.end(), certification.qe_auth_data.begin(), certification.qe_auth_data.end());
  Bytes expected = crypto::Sha256(bound);
  expected.resize(64, 0);
  const auto& found = certification.qe_report.report_data;
  if (!std::equal(expected.begin(), expected.end(), found.begin(), found.end())) {
    return Fail(VerificationFailed(
        "QE report REPORTDATA does not bind the attestation key: expected SHA-256(attestation "
        "key || QE auth data) || 32 zero bytes = " +
        HexEncode(expected) + ", found " + HexEncode(found)));
  }
  return {};
}

Status VerifyQuoteSignature(const evidence::dcap::EcdsaSignatureData& data, ByteSpan signed_part) {
  const ByteSpan point(data.attestation_key);
  auto key =
      crypto::PublicKey::FromEcPoint(crypto::EcCurve::kP256, point.first(32), point.subspan(32));
  if (!key) {
    return Fail(VerificationFailed("attestation key " + HexEncode(point) +
                                   " is not a P-256 point: " + key.error().message));
  }
  if (!VerifyRawP256(*key, signed_part, data.quote_signature)) {
    return Fail(VerificationFailed(
        "quote signature does not verify with the attestation key over the header and body (" +
        std::to_string(signed_part.size()) + " bytes)"));
  }
  return {};
}

}  // namespace veil::appraisal::dcap
