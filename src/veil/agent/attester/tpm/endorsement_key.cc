#include "veil/agent/attester/tpm/endorsement_key.h"

#include <tss2/tss2_mu.h>

#include <algorithm>
#include <array>

#include "veil/agent/attester/tpm/primary_key.h"
#include "veil/agent/attester/tpm/tss_error.h"

namespace veil::agent::tpm {
namespace {

// TCG EK Credential Profile 2.0, B.3.3 / B.3.4: fixedTPM, fixedParent, sensitiveDataOrigin,
// adminWithPolicy, restricted, decrypt. userWithAuth is clear: every use goes through the policy.
constexpr TPMA_OBJECT kEkAttributes =
    TPMA_OBJECT_FIXEDTPM | TPMA_OBJECT_FIXEDPARENT | TPMA_OBJECT_SENSITIVEDATAORIGIN |
    TPMA_OBJECT_ADMINWITHPOLICY | TPMA_OBJECT_RESTRICTED | TPMA_OBJECT_DECRYPT;

// The policy digest of TPM2_PolicySecret(TPM_RH_ENDORSEMENT) with SHA-256 (B.3.2, policy A).
constexpr std::array<std::uint8_t, 32> kEkPolicy = {
    0x83, 0x71, 0x97, 0x67, 0x44, 0x84, 0xb3, 0xf8, 0x1a, 0x90, 0xcc, 0x8d, 0x46, 0xa5, 0xd7, 0x24,
    0xfd, 0x52, 0xd7, 0x6e, 0x06, 0x52, 0x0b, 0x64, 0xf2, 0xa1, 0xda, 0x1b, 0x33, 0x14, 0x69, 0xaa};

TPM2B_PUBLIC CommonTemplate(TPMI_ALG_PUBLIC type) {
  TPM2B_PUBLIC in_public = {};
  TPMT_PUBLIC& area = in_public.publicArea;
  area.type = type;
  area.nameAlg = TPM2_ALG_SHA256;
  area.objectAttributes = kEkAttributes;
  area.authPolicy.size = kEkPolicy.size();
  std::copy(kEkPolicy.begin(), kEkPolicy.end(), area.authPolicy.buffer);
  return in_public;
}

// Template L-1: the unique field is 256 zero bytes (the profile fixes its size).
TPM2B_PUBLIC Rsa2048Template() {
  TPM2B_PUBLIC in_public = CommonTemplate(TPM2_ALG_RSA);
  TPMS_RSA_PARMS& rsa = in_public.publicArea.parameters.rsaDetail;
  rsa.symmetric.algorithm = TPM2_ALG_AES;
  rsa.symmetric.keyBits.aes = 128;
  rsa.symmetric.mode.aes = TPM2_ALG_CFB;
  rsa.scheme.scheme = TPM2_ALG_NULL;
  rsa.keyBits = 2048;
  rsa.exponent = 0;
  in_public.publicArea.unique.rsa.size = 256;
  return in_public;
}

// Template L-2: x and y are 32 zero bytes each.
TPM2B_PUBLIC EcP256Template() {
  TPM2B_PUBLIC in_public = CommonTemplate(TPM2_ALG_ECC);
  TPMS_ECC_PARMS& ecc = in_public.publicArea.parameters.eccDetail;
  ecc.symmetric.algorithm = TPM2_ALG_AES;
  ecc.symmetric.keyBits.aes = 128;
  ecc.symmetric.mode.aes = TPM2_ALG_CFB;
  ecc.scheme.scheme = TPM2_ALG_NULL;
  ecc.curveID = TPM2_ECC_NIST_P256;
  ecc.kdf.scheme = TPM2_ALG_NULL;
  in_public.publicArea.unique.ecc.x.size = 32;
  in_public.publicArea.unique.ecc.y.size = 32;
  return in_public;
}

}  // namespace

Result<Bytes> MarshalPublicArea(const TPMT_PUBLIC& area) {
  Bytes bytes(sizeof(TPMT_PUBLIC));
  std::size_t offset = 0;
  const TSS2_RC rc = Tss2_MU_TPMT_PUBLIC_Marshal(&area, bytes.data(), bytes.size(), &offset);
  if (rc != TSS2_RC_SUCCESS)
    return Fail(TssError(ErrorCode::kInternal, "Tss2_MU_TPMT_PUBLIC_Marshal", rc));
  bytes.resize(offset);
  return bytes;
}

Result<EndorsementKey> CreateEndorsementKey(const EsysConnection& tpm, EkAlgorithm algorithm) {
  const TPM2B_PUBLIC in_public =
      algorithm == EkAlgorithm::kRsa2048 ? Rsa2048Template() : EcP256Template();
  VEIL_ASSIGN_OR_RETURN(PrimaryKey key,
                        CreatePrimaryUnderEndorsement(tpm, in_public, "endorsement key"));
  VEIL_ASSIGN_OR_RETURN(Bytes marshalled, MarshalPublicArea(key.public_area->publicArea));
  return EndorsementKey{std::move(key.object), std::move(marshalled)};
}

}  // namespace veil::agent::tpm
