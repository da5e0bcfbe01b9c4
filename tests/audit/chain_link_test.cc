#include "veil/audit/chain_link.h"

#include <gtest/gtest.h>

#include <limits>

#include "veil/base/hex.h"
#include "veil/base/rfc3339.h"

namespace veil::audit {
namespace {

using nlohmann::json;

const TimePoint kT0 = ParseRfc3339("2025-01-02T03:04:05Z").value();

AuditEvent PutEvent() {
  return {"admin:3f1a", "resource.put", "default/key/one", json{{"size", 32}, {"digest", "ab"}}};
}
AuditEvent ReleaseEvent() {
  return {"tee:snp:9c02", "resource.release", "default/key/one", json()};
}

TEST(LinkAuditEntry, FirstEntryFollowsGenesis) {
  // 750 ms past the second: the entry keeps whole seconds.
  auto entry =
      LinkAuditEntry(GenesisHead(), kT0 + std::chrono::milliseconds(750), PutEvent()).value();
  EXPECT_EQ(entry.sequence, 1u);
  EXPECT_EQ(entry.time, kT0);
  EXPECT_EQ(entry.actor, "admin:3f1a");
  EXPECT_EQ(entry.action, "resource.put");
  EXPECT_EQ(entry.subject, "default/key/one");
  EXPECT_EQ(entry.details, R"({"digest":"ab","size":32})");
  EXPECT_EQ(entry.previous_hash, Bytes(32, 0));
  // Same value as the documented example (docs/formats/audit_log.md), computed independently.
  EXPECT_EQ(HexEncode(entry.hash),
            "7317df3affa8bcedc811bee901054fc24ad0712e6ad12313b9540d0a477fc385");
}

TEST(LinkAuditEntry, NextEntryChainsToTheHead) {
  auto first = LinkAuditEntry(GenesisHead(), kT0, PutEvent()).value();
  auto second =
      LinkAuditEntry(HeadOf(first), kT0 + std::chrono::seconds(1), ReleaseEvent()).value();
  EXPECT_EQ(second.sequence, 2u);
  EXPECT_EQ(second.previous_hash, first.hash);
  EXPECT_EQ(second.details, "{}");
  EXPECT_EQ(HexEncode(second.hash),
            "2bbd49e17092069bf202eea58436c8520c7e6ad824b155e5c7856878fb4f597d");
}

TEST(LinkAuditEntry, RefusesAnInvalidEvent) {
  AuditEvent event = PutEvent();
  event.actor.clear();
  auto result = LinkAuditEntry(GenesisHead(), kT0, event);
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().code, ErrorCode::kInvalidArgument);
  event = PutEvent();
  event.details = json::array();
  EXPECT_FALSE(LinkAuditEntry(GenesisHead(), kT0, event));
}

TEST(LinkAuditEntry, RefusesABrokenHead) {
  auto short_hash = LinkAuditEntry(ChainHead{3, Bytes(31, 0)}, kT0, PutEvent());
  ASSERT_FALSE(short_hash);
  EXPECT_EQ(short_hash.error().code, ErrorCode::kInternal);
  EXPECT_EQ(short_hash.error().message, "audit chain head: expected a 32-byte hash, got 31 bytes");
  auto exhausted = LinkAuditEntry(
      ChainHead{std::numeric_limits<std::uint64_t>::max(), Bytes(32, 0)}, kT0, PutEvent());
  ASSERT_FALSE(exhausted);
  EXPECT_EQ(exhausted.error().code, ErrorCode::kInternal);
}

}  // namespace
}  // namespace veil::audit
