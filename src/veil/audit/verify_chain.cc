#include "veil/audit/verify_chain.h"

#include <utility>

#include "veil/audit/chain_link.h"
#include "veil/base/hex.h"

namespace veil::audit {
namespace {

std::string Seq(std::uint64_t sequence) { return std::to_string(sequence); }

}  // namespace

AuditChainVerifier::AuditChainVerifier(ChainHead trusted_start) {
  verdict_.head = std::move(trusted_start);
}

bool AuditChainVerifier::Break(std::uint64_t sequence, std::string reason) {
  verdict_.intact = false;
  verdict_.first_broken = sequence;
  verdict_.reason = std::move(reason);
  return false;
}

bool AuditChainVerifier::Add(const AuditEntry& entry) {
  if (!verdict_.intact) return false;
  const ChainHead& head = verdict_.head;
  const std::uint64_t expected = head.sequence + 1;
  const bool at_genesis = head.sequence == 0;

  if (entry.sequence != expected) {
    if (at_genesis) {
      return Break(expected, "bad genesis: expected the first entry to have sequence 1, found " +
                                 Seq(entry.sequence));
    }
    if (entry.sequence > expected) {
      return Break(expected, "missing entry: expected sequence " + Seq(expected) + " after " +
                                 Seq(head.sequence) + ", found " + Seq(entry.sequence) +
                                 " (entries deleted or reordered)");
    }
    return Break(expected, "out of order: expected sequence " + Seq(expected) + " after " +
                               Seq(head.sequence) + ", found " + Seq(entry.sequence) +
                               " (entries reordered or duplicated)");
  }
  if (entry.previous_hash != head.hash) {
    if (at_genesis) {
      return Break(expected,
                   "bad genesis: entry 1 must have 32 zero bytes as previous_hash, found " +
                       HexEncode(entry.previous_hash));
    }
    return Break(expected, "entry " + Seq(expected) + ": previous_hash " +
                               HexEncode(entry.previous_hash) + " differs from the hash of entry " +
                               Seq(head.sequence) + " " + HexEncode(head.hash) +
                               " (an earlier entry was modified, or entries were swapped)");
  }
  auto recomputed = ComputeAuditHash(entry);
  if (!recomputed)
    return Break(expected, "entry " + Seq(expected) + ": " + recomputed.error().ToString());
  if (entry.hash != *recomputed) {
    return Break(expected, "entry " + Seq(expected) + ": stored hash " + HexEncode(entry.hash) +
                               " differs from the recomputed " + HexEncode(*recomputed) +
                               " (entry modified)");
  }
  verdict_.head = HeadOf(entry);
  ++verdict_.entries;
  return true;
}

ChainVerdict VerifyAuditChain(std::span<const AuditEntry> entries) {
  AuditChainVerifier verifier;
  for (const AuditEntry& entry : entries) {
    if (!verifier.Add(entry)) break;
  }
  return verifier.verdict();
}

}  // namespace veil::audit
