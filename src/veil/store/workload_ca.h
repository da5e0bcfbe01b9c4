#pragma once
// The workload CA's records (workload_ca/): its CA certificates with their sealed private keys,
// and every certificate it issued with the attestation it was issued for. What the store accepts
// as such a record: serial, digest, name and size rules, and the RFC 5280 revocation reasons.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "veil/base/bytes.h"
#include "veil/base/clock.h"
#include "veil/base/result.h"

namespace veil::store {

inline constexpr std::size_t kMaxWorkloadCertificateNames = 16;
inline constexpr std::size_t kMaxWorkloadNameSize = 1024;
inline constexpr std::size_t kMaxWorkloadCaCertificateSize = 16u << 10;  // DER
inline constexpr std::size_t kMaxAttestationResultSize = 256u << 10;     // JSON text

// One CA of the workload CA. The current CA issues; a rotation retires it and keeps it published
// (in the CA bundle and with its CRL) until `published_until`, so peers trust certificates it
// issued before the rotation for as long as they live.
struct WorkloadCaRecord {
  std::string id;     // hex SHA-256 (64 lower-case digits) of `certificate`
  Bytes certificate;  // DER
  // SecretSealer output over the PKCS#8 PEM key, sealed for WorkloadCaKeySealedFor(id).
  Bytes sealed_key;
  TimePoint created_at;                      // whole seconds; set by the store
  std::optional<TimePoint> retired_at;       // nullopt: the current CA
  std::optional<TimePoint> published_until;  // set with retired_at

  friend bool operator==(const WorkloadCaRecord&, const WorkloadCaRecord&) = default;
};

// What a CA key is sealed for (the SecretSealer's associated data): "workload-ca:<id>". The ':'
// never occurs in a resource path, so a sealed CA key does not open as any resource.
std::string WorkloadCaKeySealedFor(std::string_view ca_id);

// RFC 5280 §5.3.1 CRLReason; the enumerator's value is the reason code. certificateHold and
// removeFromCRL are absent: a revocation here is final.
enum class RevocationReason : std::uint8_t {
  kUnspecified = 0,
  kKeyCompromise = 1,
  kCaCompromise = 2,
  kAffiliationChanged = 3,
  kSuperseded = 4,
  kCessationOfOperation = 5,
  kPrivilegeWithdrawn = 9,
};
// RFC 5280's names: "unspecified", "keyCompromise", "cACompromise", "affiliationChanged",
// "superseded", "cessationOfOperation", "privilegeWithdrawn".
std::string_view RevocationReasonName(RevocationReason reason);
// kInvalidArgument naming the accepted names otherwise.
Result<RevocationReason> ParseRevocationReason(std::string_view name);

struct WorkloadCertificateRecord {
  std::string serial;              // lower-case hex of a positive 63-bit number, no leading zeros
  std::string ca_id;               // the CA that signed it
  std::string tee_identity;        // who received it, e.g. "tpm:<ak digest>" (audit's subject)
  std::vector<std::string> names;  // the SANs as text ("dns:…", "uri:…"), in the CSR's order
  TimePoint not_before;
  TimePoint not_after;
  std::string attestation_digest;  // "sha256:<64 hex>" of the attestation token's text
  std::string attestation_result;  // the token's claims, JSON text
  TimePoint issued_at;             // whole seconds; set by the store
  std::optional<TimePoint> revoked_at;
  std::optional<RevocationReason> revocation_reason;  // set with revoked_at

  friend bool operator==(const WorkloadCertificateRecord&,
                         const WorkloadCertificateRecord&) = default;
};

// What to revoke: exactly one of `serial` and `tee_identity`.
struct WorkloadRevocation {
  std::optional<std::string> serial;
  std::optional<std::string> tee_identity;
  RevocationReason reason = RevocationReason::kUnspecified;
};

// kInvalidArgument naming the first offence.
Status ValidateWorkloadSerial(std::string_view serial);
Status ValidateWorkloadCa(const WorkloadCaRecord& ca);
Status ValidateWorkloadCertificate(const WorkloadCertificateRecord& certificate);
Status ValidateWorkloadRevocation(const WorkloadRevocation& revocation);

}  // namespace veil::store
