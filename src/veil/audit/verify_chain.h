#pragma once
// Re-verification of an audit chain: recomputes every link and reports the first one that does not
// hold (a modified, deleted, reordered or inserted entry, or a bad genesis). The chain proves that
// its entries are consistent with each other; a rewrite of the whole tail is only caught by
// comparing `head` with a hash published earlier (docs/formats/audit_log.md, "Anchoring").

#include <cstdint>
#include <optional>
#include <span>
#include <string>

#include "veil/audit/audit_entry.h"

namespace veil::audit {

struct ChainVerdict {
  bool intact = true;
  std::uint64_t entries = 0;                  // entries verified before the first broken one
  std::optional<std::uint64_t> first_broken;  // the sequence number at which the chain breaks
  std::string reason;  // what was expected and what was found; empty if intact
  ChainHead head;      // the last verified entry (genesis when none)
};

// Verifies entries one at a time, in sequence order, so a long log can be streamed page by page.
class AuditChainVerifier {
 public:
  AuditChainVerifier() = default;  // the first entry must be sequence 1 after 32 zero bytes
  // Continues a chain whose entries up to `trusted_start` were verified (or anchored) earlier.
  explicit AuditChainVerifier(ChainHead trusted_start);

  // Checks `entry` against the current head; false once the chain is broken (later entries are
  // then ignored and the verdict stays at the first break).
  bool Add(const AuditEntry& entry);
  const ChainVerdict& verdict() const { return verdict_; }

 private:
  bool Break(std::uint64_t sequence, std::string reason);

  ChainVerdict verdict_;
};

// The whole chain from genesis; an empty span is intact with 0 entries.
ChainVerdict VerifyAuditChain(std::span<const AuditEntry> entries);

}  // namespace veil::audit
