#pragma once
// Linking: how an event becomes the next entry of a chain. A store calls LinkAuditEntry with the
// head it read inside its write transaction, so that concurrent writers cannot fork the chain.

#include "veil/audit/audit_entry.h"
#include "veil/audit/audit_event.h"
#include "veil/base/result.h"

namespace veil::audit {

// SHA-256(entry.previous_hash || CanonicalAuditBytes(entry)); fails like CanonicalAuditBytes.
Result<Bytes> ComputeAuditHash(const AuditEntry& entry);

// The entry after `head`: sequence head.sequence + 1, `time` truncated to whole seconds, details
// serialized (SerializeAuditDetails), previous_hash = head.hash, hash computed.
// kInvalidArgument for an event ValidateAuditEvent refuses; kInternal when head.hash is not
// kAuditHashSize bytes or head.sequence is the largest sequence number.
Result<AuditEntry> LinkAuditEntry(const ChainHead& head, TimePoint time, const AuditEvent& event);

}  // namespace veil::audit
