#include "veil/agent/attester/tpm/attestation_key.h"

#include <cstdint>
#include <string>

#include "veil/agent/attester/tpm/endorsement_key.h"
#include "veil/agent/attester/tpm/primary_key.h"

namespace veil::agent::tpm {
namespace {

// TPMA_OBJECT of the AK (TPM 2.0 Library Part 2, 8.3): the key never leaves this TPM, the TPM
// generated it, its use needs only the (empty) authValue, and it signs only digests the TPM
// computed itself.
constexpr TPMA_OBJECT kAkAttributes = TPMA_OBJECT_FIXEDTPM | TPMA_OBJECT_FIXEDPARENT |
                                      TPMA_OBJECT_SENSITIVEDATAORIGIN | TPMA_OBJECT_USERWITHAUTH |
                                      TPMA_OBJECT_RESTRICTED | TPMA_OBJECT_SIGN_ENCRYPT;

TPM2B_PUBLIC EcP256Template() {
  TPM2B_PUBLIC in_public = {};
  TPMT_PUBLIC& area = in_public.publicArea;
  area.type = TPM2_ALG_ECC;
  area.nameAlg = TPM2_ALG_SHA256;
  area.objectAttributes = kAkAttributes;
  TPMS_ECC_PARMS& ecc = area.parameters.eccDetail;
  ecc.symmetric.algorithm = TPM2_ALG_NULL;
  ecc.scheme.scheme = TPM2_ALG_ECDSA;
  ecc.scheme.details.ecdsa.hashAlg = TPM2_ALG_SHA256;
  ecc.curveID = TPM2_ECC_NIST_P256;
  ecc.kdf.scheme = TPM2_ALG_NULL;
  return in_public;  // unique.ecc stays empty: the key is fully determined by seed and template
}

TPM2B_PUBLIC Rsa2048Template() {
  TPM2B_PUBLIC in_public = {};
  TPMT_PUBLIC& area = in_public.publicArea;
  area.type = TPM2_ALG_RSA;
  area.nameAlg = TPM2_ALG_SHA256;
  area.objectAttributes = kAkAttributes;
  TPMS_RSA_PARMS& rsa = area.parameters.rsaDetail;
  rsa.symmetric.algorithm = TPM2_ALG_NULL;
  rsa.scheme.scheme = TPM2_ALG_RSASSA;
  rsa.scheme.details.rsassa.hashAlg = TPM2_ALG_SHA256;
  rsa.keyBits = 2048;
  rsa.exponent = 0;  // the default, 65537
  return in_public;
}

TPM2B_PUBLIC Template(AkAlgorithm algorithm) {
  return algorithm == AkAlgorithm::kRsa2048 ? Rsa2048Template() : EcP256Template();
}

ByteSpan Span(const std::uint8_t* buffer, std::uint16_t size) { return {buffer, size}; }

Result<crypto::PublicKey> RsaKey(const TPMT_PUBLIC& area) {
  const std::uint32_t e =
      area.parameters.rsaDetail.exponent == 0 ? 65537u : area.parameters.rsaDetail.exponent;
  const Bytes exponent = {static_cast<std::uint8_t>(e >> 24), static_cast<std::uint8_t>(e >> 16),
                          static_cast<std::uint8_t>(e >> 8), static_cast<std::uint8_t>(e)};
  const TPM2B_PUBLIC_KEY_RSA& modulus = area.unique.rsa;
  return crypto::PublicKey::FromRsa(Span(modulus.buffer, modulus.size), exponent);
}

Result<crypto::PublicKey> EccKey(const TPMT_PUBLIC& area) {
  if (area.parameters.eccDetail.curveID != TPM2_ECC_NIST_P256) {
    return Fail(Internal("the TPM created an AK on curve " +
                         std::to_string(area.parameters.eccDetail.curveID) + ", not NIST P-256"));
  }
  const TPMS_ECC_POINT& point = area.unique.ecc;
  return crypto::PublicKey::FromEcPoint(crypto::EcCurve::kP256, Span(point.x.buffer, point.x.size),
                                        Span(point.y.buffer, point.y.size));
}

// The AK's public area as the TPM returned it, as an OpenSSL key.
Result<crypto::PublicKey> PublicKeyOf(const TPMT_PUBLIC& area) {
  if (area.type == TPM2_ALG_RSA) return RsaKey(area);
  if (area.type == TPM2_ALG_ECC) return EccKey(area);
  return Fail(Internal("the TPM created an AK of type " + std::to_string(area.type)));
}

}  // namespace

Result<AttestationKey> CreateAttestationKey(const EsysConnection& tpm, AkAlgorithm algorithm) {
  VEIL_ASSIGN_OR_RETURN(PrimaryKey primary,
                        CreatePrimaryUnderEndorsement(tpm, Template(algorithm), "attestation key"));
  const TPMT_PUBLIC& area = primary.public_area->publicArea;
  VEIL_ASSIGN_OR_RETURN(crypto::PublicKey key, PublicKeyOf(area));
  VEIL_ASSIGN_OR_RETURN(Bytes marshalled, MarshalPublicArea(area));
  return AttestationKey{std::move(primary.object), std::move(key), std::move(marshalled)};
}

}  // namespace veil::agent::tpm
