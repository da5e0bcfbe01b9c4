#pragma once
// TPM2_MakeCredential in software (TCG TPM 2.0 Library Part 1, rev 1.59, 24 "Credential
// Protection"; Part 3, 12.6): seals a short credential to an endorsement key (EK) so that only the
// TPM holding that EK, and only for a loaded object with the given Name (the AK), can recover it
// with TPM2_ActivateCredential.
//
//   seed        RSA EK: random, nameAlg-digest-sized, RSA-OAEP(nameAlg, label "IDENTITY\0") to the
//               EK; ECC EK: KDFe(nameAlg, Z, "IDENTITY", ephemeral x, EK x) with Z the ECDH
//               x-coordinate of a fresh ephemeral key and the EK (Part 1, B.10.3 / C.6.4).
//   encIdentity AES-CFB(KDFa(nameAlg, seed, "STORAGE", AK name, -, EK symmetric keyBits),
//               IV 0, TPM2B_DIGEST(credential))                               (24.4)
//   integrity   HMAC_nameAlg(KDFa(nameAlg, seed, "INTEGRITY", -, -, digest bits),
//               encIdentity || AK name)                                       (24.5)

#include "veil/base/bytes.h"
#include "veil/base/result.h"
#include "veil/evidence/tpm/public_area.h"

namespace veil::appraisal::tpm::credential {

struct CredentialChallenge {
  // TPM2B_ID_OBJECT.credential, without the outer u16 size: TPM2B_DIGEST integrity HMAC
  // (u16 size + HMAC) followed by encIdentity.
  Bytes credential_blob;
  // TPM2B_ENCRYPTED_SECRET.secret, without the outer u16 size: the RSA-OAEP ciphertext, or the
  // ephemeral public point as TPMS_ECC_POINT (TPM2B x, TPM2B y).
  Bytes encrypted_secret;
};

// `ek` must be a storage key as the TCG EK templates make it (restricted, decrypt, not sign),
// RSA-2048 or ECC NIST P-256, nameAlg SHA-256, symmetric AES-CFB (kUnsupported otherwise,
// naming what was found). `ak_name` must be a well-formed Name: a known nameAlg and a digest of
// its size (kInvalidArgument). `credential` must hold 1..32 bytes, the size of a SHA-256
// TPM2B_DIGEST (kInvalidArgument). Fresh randomness on every call, so two challenges for the same
// inputs differ.
Result<CredentialChallenge> MakeCredential(const evidence::tpm::PublicArea& ek, ByteSpan ak_name,
                                           ByteSpan credential);

}  // namespace veil::appraisal::tpm::credential
