#include "veil/audit/canonical_encoding.h"

#include <gtest/gtest.h>

#include "veil/audit/chain_link.h"
#include "veil/base/hex.h"
#include "veil/base/rfc3339.h"

namespace veil::audit {
namespace {

// The example of docs/formats/audit_log.md; the expected values were computed independently
// (Python hashlib and struct) from the layout written there.
AuditEntry DocumentedEntry() {
  AuditEntry entry;
  entry.sequence = 1;
  entry.time = ParseRfc3339("2025-01-02T03:04:05Z").value();
  entry.actor = "admin:3f1a";
  entry.action = "resource.put";
  entry.subject = "default/key/one";
  entry.details = R"({"digest":"ab","size":32})";
  entry.previous_hash = Bytes(32, 0);
  return entry;
}

TEST(CanonicalAuditBytes, MatchesTheDocumentedLayout) {
  EXPECT_EQ(HexEncode(CanonicalAuditBytes(DocumentedEntry()).value()),
            "0000000d7665696c2e61756469742e7631"                          // field("veil.audit.v1")
            "0000000000000001"                                            // u64be(sequence)
            "00000014323032352d30312d30325430333a30343a30355a"            // field(time)
            "0000000a61646d696e3a33663161"                                // field(actor)
            "0000000c7265736f757263652e707574"                            // field(action)
            "0000000f64656661756c742f6b65792f6f6e65"                      // field(subject)
            "000000197b22646967657374223a226162222c2273697a65223a33327d"  // field(details)
  );
}

TEST(CanonicalAuditBytes, HashMatchesTheDocumentedExample) {
  EXPECT_EQ(HexEncode(ComputeAuditHash(DocumentedEntry()).value()),
            "7317df3affa8bcedc811bee901054fc24ad0712e6ad12313b9540d0a477fc385");
}

TEST(CanonicalAuditBytes, LengthPrefixesKeepFieldBoundariesApart) {
  // Moving a character across a field boundary must change the bytes (no plain concatenation).
  AuditEntry a = DocumentedEntry();
  AuditEntry b = DocumentedEntry();
  a.actor = "admin";
  a.action = "x.resource.put";
  b.actor = "adminx";
  b.action = ".resource.put";
  EXPECT_NE(CanonicalAuditBytes(a).value(), CanonicalAuditBytes(b).value());
}

TEST(CanonicalAuditBytes, EveryFieldIsCovered) {
  const Bytes original = CanonicalAuditBytes(DocumentedEntry()).value();
  std::vector<AuditEntry> changed(6, DocumentedEntry());
  changed[0].sequence = 2;
  changed[1].time += std::chrono::seconds(1);
  changed[2].actor += "x";
  changed[3].action += "x";
  changed[4].subject += "x";
  changed[5].details = R"({"digest":"ab","size":33})";
  for (const AuditEntry& entry : changed) EXPECT_NE(CanonicalAuditBytes(entry).value(), original);
  // previous_hash and hash are outside the canonical bytes (they are chained separately).
  AuditEntry rehashed = DocumentedEntry();
  rehashed.previous_hash = Bytes(32, 1);
  rehashed.hash = Bytes(32, 2);
  EXPECT_EQ(CanonicalAuditBytes(rehashed).value(), original);
}

TEST(CanonicalAuditBytes, TimeIsWholeSecondsUtc) {
  AuditEntry with_fraction = DocumentedEntry();
  with_fraction.time += std::chrono::milliseconds(999);
  EXPECT_EQ(CanonicalAuditBytes(with_fraction).value(),
            CanonicalAuditBytes(DocumentedEntry()).value());
}

}  // namespace
}  // namespace veil::audit
