#include "veil/audit/verify_chain.h"

#include <gtest/gtest.h>

#include <utility>
#include <vector>

#include "veil/audit/chain_link.h"
#include "veil/base/rfc3339.h"

namespace veil::audit {
namespace {

using nlohmann::json;

std::vector<AuditEntry> MakeChain(std::size_t length) {
  const TimePoint start = ParseRfc3339("2025-03-01T12:00:00Z").value();
  std::vector<AuditEntry> chain;
  ChainHead head = GenesisHead();
  for (std::size_t i = 0; i < length; ++i) {
    AuditEvent event{"admin:3f1a", "resource.put", "repo/key/" + std::to_string(i),
                     json{{"index", i}}};
    chain.push_back(LinkAuditEntry(head, start + std::chrono::seconds(i), event).value());
    head = HeadOf(chain.back());
  }
  return chain;
}

void ExpectBrokenAt(const ChainVerdict& verdict, std::uint64_t sequence,
                    std::string_view reason_part) {
  EXPECT_FALSE(verdict.intact);
  ASSERT_TRUE(verdict.first_broken.has_value());
  EXPECT_EQ(*verdict.first_broken, sequence);
  EXPECT_EQ(verdict.entries, sequence - 1);
  EXPECT_NE(verdict.reason.find(reason_part), std::string::npos) << verdict.reason;
}

TEST(VerifyAuditChain, IntactChainVerifiesAndReportsItsHead) {
  const auto chain = MakeChain(5);
  const ChainVerdict verdict = VerifyAuditChain(chain);
  EXPECT_TRUE(verdict.intact);
  EXPECT_EQ(verdict.entries, 5u);
  EXPECT_FALSE(verdict.first_broken.has_value());
  EXPECT_EQ(verdict.reason, "");
  EXPECT_EQ(verdict.head, HeadOf(chain.back()));
}

TEST(VerifyAuditChain, EmptyChainIsIntactAtGenesis) {
  const ChainVerdict verdict = VerifyAuditChain({});
  EXPECT_TRUE(verdict.intact);
  EXPECT_EQ(verdict.entries, 0u);
  EXPECT_EQ(verdict.head, GenesisHead());
}

TEST(VerifyAuditChain, DetectsAModifiedField) {
  for (int field = 0; field < 5; ++field) {
    auto chain = MakeChain(5);
    AuditEntry& entry = chain[2];
    switch (field) {
      case 0:
        entry.details = R"({"index":99})";
        break;
      case 1:
        entry.actor = "admin:evil";
        break;
      case 2:
        entry.action = "resource.delete";
        break;
      case 3:
        entry.subject = "repo/key/other";
        break;
      default:
        entry.time += std::chrono::hours(1);
        break;
    }
    SCOPED_TRACE(field);
    ExpectBrokenAt(VerifyAuditChain(chain), 3, "entry 3: stored hash");
  }
}

TEST(VerifyAuditChain, ModifiedEntryWithRecomputedHashBreaksTheNextLink) {
  auto chain = MakeChain(5);
  chain[2].details = R"({"index":99})";
  chain[2].hash = ComputeAuditHash(chain[2]).value();
  ExpectBrokenAt(VerifyAuditChain(chain), 4, "entry 4: previous_hash");
}

TEST(VerifyAuditChain, DetectsADeletedEntry) {
  auto chain = MakeChain(5);
  chain.erase(chain.begin() + 2);
  ExpectBrokenAt(VerifyAuditChain(chain), 3, "missing entry: expected sequence 3 after 2, found 4");
}

TEST(VerifyAuditChain, DetectsReorderedEntries) {
  auto chain = MakeChain(5);
  std::swap(chain[1], chain[3]);
  ExpectBrokenAt(VerifyAuditChain(chain), 2,
                 "expected sequence 2 after 1, found 4 (entries deleted or reordered)");
}

TEST(VerifyAuditChain, DetectsSwappedContentsUnderKeptSequenceNumbers) {
  auto chain = MakeChain(5);
  std::swap(chain[1], chain[3]);
  std::swap(chain[1].sequence, chain[3].sequence);
  ExpectBrokenAt(VerifyAuditChain(chain), 2, "entry 2: previous_hash");
}

TEST(VerifyAuditChain, DetectsADuplicatedEntry) {
  auto chain = MakeChain(3);
  chain.insert(chain.begin() + 2, chain[1]);
  ExpectBrokenAt(VerifyAuditChain(chain), 3, "out of order: expected sequence 3 after 2, found 2");
}

TEST(VerifyAuditChain, DetectsABadGenesis) {
  auto chain = MakeChain(3);
  chain.erase(chain.begin());
  ExpectBrokenAt(VerifyAuditChain(chain), 1,
                 "bad genesis: expected the first entry to have sequence 1, found 2");

  auto forged = MakeChain(1);
  forged[0].previous_hash = Bytes(32, 0xab);
  forged[0].hash = ComputeAuditHash(forged[0]).value();
  ExpectBrokenAt(VerifyAuditChain(forged), 1,
                 "bad genesis: entry 1 must have 32 zero bytes as previous_hash");
}

TEST(VerifyAuditChain, DetectsHashesOfTheWrongSize) {
  auto chain = MakeChain(2);
  chain[1].hash.pop_back();
  ExpectBrokenAt(VerifyAuditChain(chain), 2, "entry 2: stored hash");
  chain = MakeChain(2);
  chain[1].previous_hash.push_back(0);
  ExpectBrokenAt(VerifyAuditChain(chain), 2, "entry 2: previous_hash");
}

TEST(VerifyAuditChain, TruncatedTailOnlyShowsInTheHead) {
  // Dropping the newest entries leaves a consistent chain: anchoring the published head catches it.
  const auto chain = MakeChain(5);
  const ChainVerdict verdict = VerifyAuditChain(std::span(chain).first(3));
  EXPECT_TRUE(verdict.intact);
  EXPECT_NE(verdict.head, HeadOf(chain.back()));
}

TEST(AuditChainVerifier, ContinuesFromATrustedHead) {
  const auto chain = MakeChain(5);
  AuditChainVerifier verifier(HeadOf(chain[1]));
  for (std::size_t i = 2; i < chain.size(); ++i) EXPECT_TRUE(verifier.Add(chain[i]));
  EXPECT_TRUE(verifier.verdict().intact);
  EXPECT_EQ(verifier.verdict().entries, 3u);

  AuditChainVerifier wrong_anchor(HeadOf(chain[0]));
  EXPECT_FALSE(wrong_anchor.Add(chain[2]));
  EXPECT_EQ(wrong_anchor.verdict().first_broken, 2u);
}

TEST(AuditChainVerifier, StaysAtTheFirstBreak) {
  auto chain = MakeChain(4);
  chain[1].actor = "admin:evil";
  AuditChainVerifier verifier;
  EXPECT_TRUE(verifier.Add(chain[0]));
  EXPECT_FALSE(verifier.Add(chain[1]));
  EXPECT_FALSE(verifier.Add(chain[2]));
  EXPECT_FALSE(verifier.Add(chain[3]));
  EXPECT_EQ(verifier.verdict().first_broken, 2u);
  EXPECT_EQ(verifier.verdict().entries, 1u);
  EXPECT_EQ(verifier.verdict().head, HeadOf(chain[0]));
}

}  // namespace
}  // namespace veil::audit
