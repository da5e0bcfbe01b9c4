#include "veil/store/workload_ca.h"

#include <algorithm>
#include <array>
#include <utility>

#include "veil/store/node.h"

namespace veil::store {
namespace {

constexpr std::array<RevocationReason, 7> kAdminReasons{
    RevocationReason::kUnspecified,        RevocationReason::kKeyCompromise,
    RevocationReason::kCaCompromise,       RevocationReason::kAffiliationChanged,
    RevocationReason::kSuperseded,         RevocationReason::kCessationOfOperation,
    RevocationReason::kPrivilegeWithdrawn,
};

bool IsLowerHex(char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); }

Status ValidateAttestationDigest(std::string_view digest) {
  constexpr std::string_view kPrefix = "sha256:";
  if (!digest.starts_with(kPrefix)) {
    return Fail(InvalidArgument("attestation digest: expected \"sha256:<hex>\", got \"" +
                                std::string(digest.substr(0, 16)) + "\""));
  }
  return ValidateSha256Hex("attestation digest", digest.substr(kPrefix.size()));
}

}  // namespace

std::string WorkloadCaKeySealedFor(std::string_view ca_id) {
  return "workload-ca:" + std::string(ca_id);
}

Result<RevocationReason> ParseRevocationReason(std::string_view name) {
  const std::optional<RevocationReason> reason = crypto::RevocationReasonFromName(name);
  if (reason &&
      std::find(kAdminReasons.begin(), kAdminReasons.end(), *reason) != kAdminReasons.end()) {
    return *reason;
  }
  std::string accepted;
  for (const RevocationReason known : kAdminReasons)
    accepted += (accepted.empty() ? "" : ", ") + std::string(crypto::RevocationReasonName(known));
  return Fail(InvalidArgument("revocation reason: expected one of " + accepted + ", got \"" +
                              std::string(name) + "\""));
}

Status ValidateWorkloadSerial(std::string_view serial) {
  if (serial.empty() || serial.size() > 16 ||
      !std::all_of(serial.begin(), serial.end(), IsLowerHex)) {
    return Fail(InvalidArgument("serial: expected 1..16 lower-case hex digits, got \"" +
                                std::string(serial.substr(0, 32)) + "\""));
  }
  if (serial.front() == '0')
    return Fail(
        InvalidArgument("serial \"" + std::string(serial) + "\": expected no leading zero"));
  if (serial.size() == 16 && serial.front() > '7')
    return Fail(InvalidArgument("serial " + std::string(serial) + ": expected at most 63 bits"));
  return {};
}

Status ValidateWorkloadCa(const WorkloadCaRecord& ca) {
  VEIL_TRY(ValidateSha256Hex("workload CA id", ca.id));
  if (ca.certificate.empty() || ca.certificate.size() > kMaxWorkloadCaCertificateSize) {
    return Fail(InvalidArgument("workload CA certificate: expected 1.." +
                                std::to_string(kMaxWorkloadCaCertificateSize) + " bytes, got " +
                                std::to_string(ca.certificate.size())));
  }
  if (ca.sealed_key.empty())
    return Fail(InvalidArgument("workload CA " + ca.id + ": expected a sealed key, got none"));
  return {};
}

Status ValidateWorkloadCertificate(const WorkloadCertificateRecord& certificate) {
  VEIL_TRY(ValidateWorkloadSerial(certificate.serial));
  VEIL_TRY(ValidateSha256Hex("workload CA id", certificate.ca_id));
  if (certificate.tee_identity.empty() || certificate.tee_identity.size() > kMaxWorkloadNameSize) {
    return Fail(InvalidArgument("TEE identity: expected 1.." +
                                std::to_string(kMaxWorkloadNameSize) + " characters, got " +
                                std::to_string(certificate.tee_identity.size())));
  }
  if (certificate.names.empty() || certificate.names.size() > kMaxWorkloadCertificateNames) {
    return Fail(InvalidArgument("names: expected 1.." +
                                std::to_string(kMaxWorkloadCertificateNames) + ", got " +
                                std::to_string(certificate.names.size())));
  }
  for (const std::string& name : certificate.names) {
    if (name.empty() || name.size() > kMaxWorkloadNameSize) {
      return Fail(InvalidArgument("name: expected 1.." + std::to_string(kMaxWorkloadNameSize) +
                                  " characters, got " + std::to_string(name.size())));
    }
  }
  if (certificate.not_after <= certificate.not_before)
    return Fail(InvalidArgument("certificate " + certificate.serial +
                                ": not_after is not after not_before"));
  VEIL_TRY(ValidateAttestationDigest(certificate.attestation_digest));
  if (certificate.attestation_result.size() > kMaxAttestationResultSize) {
    return Fail(InvalidArgument("attestation result: expected at most " +
                                std::to_string(kMaxAttestationResultSize) + " bytes, got " +
                                std::to_string(certificate.attestation_result.size())));
  }
  return {};
}

Status ValidateWorkloadRevocation(const WorkloadRevocation& revocation) {
  if (revocation.serial.has_value() == revocation.tee_identity.has_value())
    return Fail(
        InvalidArgument("revocation: expected a serial or a TEE identity, not both or neither"));
  if (revocation.serial) return ValidateWorkloadSerial(*revocation.serial);
  if (revocation.tee_identity->empty())
    return Fail(InvalidArgument("revocation: expected a TEE identity, got an empty one"));
  return {};
}

}  // namespace veil::store
