#include "veil/audit/chain_link.h"

#include <chrono>
#include <limits>
#include <string>

#include "veil/audit/canonical_encoding.h"
#include "veil/crypto/digest.h"

namespace veil::audit {

Result<Bytes> ComputeAuditHash(const AuditEntry& entry) {
  VEIL_ASSIGN_OR_RETURN(Bytes canonical, CanonicalAuditBytes(entry));
  Bytes input = entry.previous_hash;
  input.insert(input.end(), canonical.begin(), canonical.end());
  return crypto::Sha256(input);
}

Result<AuditEntry> LinkAuditEntry(const ChainHead& head, TimePoint time, const AuditEvent& event) {
  if (head.hash.size() != kAuditHashSize) {
    return Fail(Internal("audit chain head: expected a " + std::to_string(kAuditHashSize) +
                         "-byte hash, got " + std::to_string(head.hash.size()) + " bytes"));
  }
  if (head.sequence == std::numeric_limits<std::uint64_t>::max()) {
    return Fail(Internal("audit chain head: sequence numbers are exhausted"));
  }
  VEIL_TRY(ValidateAuditEvent(event));
  AuditEntry entry;
  entry.sequence = head.sequence + 1;
  entry.time = std::chrono::floor<std::chrono::seconds>(time);
  entry.actor = event.actor;
  entry.action = event.action;
  entry.subject = event.subject;
  VEIL_ASSIGN_OR_RETURN(entry.details, SerializeAuditDetails(event.details));
  entry.previous_hash = head.hash;
  VEIL_ASSIGN_OR_RETURN(entry.hash, ComputeAuditHash(entry));
  return entry;
}

}  // namespace veil::audit
