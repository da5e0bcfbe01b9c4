#pragma once
// Validates a TPM endorsement key (EK) certificate: that a TPM manufacturer the owner trusts
// certified the very EK the TPM presents. The checks, in order:
//   1. the certificate's public key equals the EK public key the TPM presents (RSA or ECC);
//   2. the certificate chains to a root of the EkTrustStore, through the store's intermediates
//      and any sent along, every certificate valid at `at` (never the wall clock);
//   3. the TCG EK profile fields decode (tcg_ek_profile.h); they are reported as claims, not
//      required: older EK certificates lack the EKU, and the owner's policy decides on the model.
// Google's vTPM issues AK certificates with the same profile fields under the same CA; the same
// checks validate them against the AK public key.

#include <optional>
#include <span>
#include <string>

#include "veil/base/bytes.h"
#include "veil/base/clock.h"
#include "veil/base/result.h"
#include "veil/crypto/certificate.h"
#include "veil/crypto/public_key.h"
#include "veil/endorsement/tpm/ek_trust_store.h"
#include "veil/endorsement/tpm/tcg_ek_profile.h"

namespace veil::endorsement::tpm {

struct EkCertificateInput {
  const crypto::Certificate& certificate;
  const crypto::PublicKey& ek_public;  // as the TPM presents it (its public area)
  const EkTrustStore& trust_store;
  std::span<const crypto::Certificate> intermediates;  // sent with the certificate: untrusted
  TimePoint at;
};

struct EkCertificateClaims {
  std::string subject;  // RFC 2253; often empty for EK certificates
  std::string issuer;
  Bytes fingerprint;  // SHA-256 of the certificate DER
  std::string key;    // "RSA-2048", "EC P-256"
  std::optional<TpmIdentity> tpm;
  bool ek_certificate_usage = false;  // EKU lists tcg-kp-EKCertificate (2.23.133.8.1)
};

// kVerificationFailed for a key mismatch ("EK certificate: certifies RSA-2048 key ab12…, the TPM
// presents c3d4…") or a chain that does not reach a trusted root at `at` (OpenSSL's reason and
// the failing certificate); kMalformed for profile fields that do not decode.
Result<EkCertificateClaims> VerifyEkCertificate(const EkCertificateInput& input);

}  // namespace veil::endorsement::tpm
