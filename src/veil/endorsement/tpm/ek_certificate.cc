#include "veil/endorsement/tpm/ek_certificate.h"

#include <vector>

#include "veil/base/hex.h"
#include "veil/crypto/chain.h"
#include "veil/crypto/digest.h"

namespace veil::endorsement::tpm {
namespace {

// A short SHA-256 fingerprint of a key's SubjectPublicKeyInfo, for messages.
std::string KeyFingerprint(const crypto::PublicKey& key) {
  return HexEncode(crypto::Sha256(key.SpkiDer())).substr(0, 16) + "…";
}

Status CheckKey(const crypto::Certificate& cert, const crypto::PublicKey& ek) {
  auto certified = cert.GetPublicKey();
  if (!certified) {
    return Fail(Malformed("EK certificate: unreadable public key: " + certified.error().message));
  }
  if (!certified->Equals(ek)) {
    return Fail(VerificationFailed("EK certificate: certifies " + certified->Describe() + " key " +
                                   KeyFingerprint(*certified) + ", the TPM presents " +
                                   ek.Describe() + " key " + KeyFingerprint(ek)));
  }
  return {};
}

Status CheckChain(const EkCertificateInput& input) {
  std::vector<crypto::Certificate> intermediates(input.intermediates.begin(),
                                                 input.intermediates.end());
  const auto& known = input.trust_store.intermediates();
  intermediates.insert(intermediates.end(), known.begin(), known.end());
  Status chain =
      crypto::VerifyChain({input.certificate, intermediates, input.trust_store.roots(), input.at});
  if (!chain) {
    return Fail(VerificationFailed("EK certificate: not issued by a trusted TPM manufacturer: " +
                                   chain.error().message));
  }
  return {};
}

}  // namespace

Result<EkCertificateClaims> VerifyEkCertificate(const EkCertificateInput& input) {
  VEIL_TRY(CheckKey(input.certificate, input.ek_public));
  VEIL_TRY(CheckChain(input));
  EkCertificateClaims claims;
  claims.subject = input.certificate.Subject();
  claims.issuer = input.certificate.Issuer();
  claims.fingerprint = input.certificate.Sha256Fingerprint();
  claims.key = input.ek_public.Describe();
  VEIL_ASSIGN_OR_RETURN(claims.tpm, ReadTpmIdentity(input.certificate));
  VEIL_ASSIGN_OR_RETURN(claims.ek_certificate_usage, HasEkCertificateUsage(input.certificate));
  return claims;
}

}  // namespace veil::endorsement::tpm
