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
#include "veil/crypto/revocation_reason.h"

namespace veil::store {

inline constexpr std::size_t kMaxWorkloadCertificateNames = 16;
// A name's typed text: "uri:" and a URI of up to crypto::kMaxUriSize (2048) characters.
inline constexpr std::size_t kMaxWorkloadNameSize = 4 + 2048;
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

// Why a certificate was revoked: RFC 5280's CRLReason (crypto/revocation_reason.h), stored by name.
using RevocationReason = crypto::RevocationReason;
// The reason an administrator gives, by its RFC 5280 name. certificateHold and removeFromCRL are
// refused (a revocation here is final), and so is aACompromise (there are no attribute
// authorities): kInvalidArgument naming the accepted names.
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
