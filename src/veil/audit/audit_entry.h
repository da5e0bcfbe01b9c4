#pragma once
// AuditEntry: one recorded, hash-linked event of the audit log (docs/formats/audit_log.md), and
// ChainHead: where a chain currently ends.

#include <cstddef>
#include <cstdint>
#include <string>

#include "veil/base/bytes.h"
#include "veil/base/clock.h"

namespace veil::audit {

inline constexpr std::size_t kAuditHashSize = 32;  // SHA-256

struct AuditEntry {
  std::uint64_t sequence = 0;  // 1, 2, 3, ... without gaps
  TimePoint time;              // whole seconds (LinkAuditEntry truncates)
  std::string actor;
  std::string action;
  std::string subject;
  std::string details;  // JSON text from SerializeAuditDetails; hashed byte for byte as stored
  Bytes previous_hash;  // `hash` of entry sequence-1; 32 zero bytes for sequence 1
  Bytes hash;           // SHA-256(previous_hash || CanonicalAuditBytes(entry))

  friend bool operator==(const AuditEntry&, const AuditEntry&) = default;
};

// The last sequence number of a chain and that entry's hash. The empty chain's head is genesis:
// sequence 0 and 32 zero bytes.
struct ChainHead {
  std::uint64_t sequence = 0;
  Bytes hash = Bytes(kAuditHashSize, 0);

  friend bool operator==(const ChainHead&, const ChainHead&) = default;
};

inline ChainHead GenesisHead() { return {}; }
inline ChainHead HeadOf(const AuditEntry& entry) { return {entry.sequence, entry.hash}; }

}  // namespace veil::audit
