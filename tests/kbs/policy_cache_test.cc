// PolicyCache on its own (hits, changed texts, ids, errors, eviction) and through
// CurrentAttestationPolicy over two SQLite stores sharing one database, as two trustee replicas.

#include "veil/kbs/policy_cache.h"

#include <gtest/gtest.h>

#include <string>
#include <variant>

#include "veil/base/clock.h"
#include "veil/base/rfc3339.h"
#include "veil/store/sqlite/sqlite_store.h"
#include "veil/testing/scratch_dir.h"

namespace veil::kbs {
namespace {

std::string VeilAttestationPolicy(const std::string& id, const std::string& rule) {
  return "id: " + id + "\nrules:\n  - name: " + rule +
         "\n    check: {always: true}\n    pass: {hardware: 2}\n";
}

constexpr std::string_view kRegoResourcePolicy =
    "package policy\n"
    "default allow := false\n"
    "allow if {\n"
    "  data.plugin == \"resource\"\n"
    "}\n";

store::Policy Attestation(const std::string& id, const std::string& text) {
  return {store::PolicyKind::kAttestation, id, text};
}

const policy::AttestationPolicy& Veil(const std::shared_ptr<const AnyAttestationPolicy>& any) {
  return std::get<policy::AttestationPolicy>(*any);
}

TEST(PolicyCache, AHitReturnsThePolicyParsedFirst) {
  PolicyCache cache;
  const store::Policy stored = Attestation("p", VeilAttestationPolicy("p", "first"));
  const auto first = cache.Attestation(stored).value();
  const auto second = cache.Attestation(stored).value();
  EXPECT_EQ(first.get(), second.get());
  EXPECT_EQ(cache.size(), 1u);
  const auto parsed = ParseAnyAttestationPolicy(stored.text, stored.id).value();
  EXPECT_EQ(Veil(first).id, std::get<policy::AttestationPolicy>(parsed).id);
  ASSERT_EQ(Veil(first).rules.size(), 1u);
  EXPECT_EQ(Veil(first).rules[0].name, "first");
}

TEST(PolicyCache, AChangedTextIsParsedAgain) {
  PolicyCache cache;
  const auto before =
      cache.Attestation(Attestation("p", VeilAttestationPolicy("p", "old"))).value();
  const auto after = cache.Attestation(Attestation("p", VeilAttestationPolicy("p", "new"))).value();
  EXPECT_NE(before.get(), after.get());
  EXPECT_EQ(Veil(before).rules[0].name, "old");
  EXPECT_EQ(Veil(after).rules[0].name, "new");
  EXPECT_EQ(cache.size(), 2u);
}

TEST(PolicyCache, TheSameRegoTextUnderAnotherIdIsItsOwnEntry) {
  PolicyCache cache;
  const std::string rego =
      "package policy\n"
      "default trust_claims := {}\n";
  auto first = cache.Attestation(Attestation("one", rego));
  ASSERT_TRUE(first) << first.error().ToString();
  const auto second = cache.Attestation(Attestation("two", rego)).value();
  EXPECT_EQ(std::get<policy::coco::RegoAttestationPolicy>(**first).id, "one");
  EXPECT_EQ(std::get<policy::coco::RegoAttestationPolicy>(*second).id, "two");
}

TEST(PolicyCache, ResourcePoliciesAreCachedApartFromAttestationPolicies) {
  PolicyCache cache;
  const store::Policy stored{store::PolicyKind::kResource, "r", std::string(kRegoResourcePolicy)};
  const auto first = cache.Resource(stored).value();
  EXPECT_TRUE(std::holds_alternative<policy::coco::RegoResourcePolicy>(*first));
  EXPECT_EQ(cache.Resource(stored).value().get(), first.get());
  EXPECT_EQ(cache.size(), 1u);
}

TEST(PolicyCache, ParseErrorsAreNotCached) {
  PolicyCache cache;
  EXPECT_FALSE(cache.Attestation(Attestation("bad", "id: bad\nrules: 7\n")));
  EXPECT_FALSE(cache.Resource({store::PolicyKind::kResource, "bad", "package policy\nallow if {"}));
  EXPECT_EQ(cache.size(), 0u);
}

TEST(PolicyCache, EvictsTheLeastRecentlyUsedPolicy) {
  PolicyCache cache(2);
  const store::Policy a = Attestation("a", VeilAttestationPolicy("a", "a"));
  const store::Policy b = Attestation("b", VeilAttestationPolicy("b", "b"));
  const store::Policy c = Attestation("c", VeilAttestationPolicy("c", "c"));
  const auto first_a = cache.Attestation(a).value();
  const auto first_b = cache.Attestation(b).value();
  EXPECT_EQ(cache.Attestation(a).value().get(), first_a.get());  // a is now the recent one
  (void)cache.Attestation(c).value();                            // evicts b
  EXPECT_EQ(cache.size(), 2u);
  EXPECT_EQ(cache.Attestation(a).value().get(), first_a.get());
  EXPECT_NE(cache.Attestation(b).value().get(), first_b.get());  // parsed again
}

// Two trustees on one database: a policy set through the other is in force at this one's next
// request, cache or not.
TEST(CurrentAttestationPolicy, APolicySetByAnotherReplicaAppliesAtTheNextRequest) {
  const FixedClock clock(ParseRfc3339("2026-03-01T12:00:00Z").value());
  const testing::ScratchDir dir("policy-cache");
  const auto file = store::sqlite::SqliteStoreFile(dir.path());
  auto mine = store::sqlite::OpenSqliteStore(file, clock).value();
  auto other = store::sqlite::OpenSqliteStore(file, clock).value();
  const audit::AuditEvent event{"admin:test", "policy.set", "attestation",
                                nlohmann::json::object()};
  PolicyCache cache;

  EXPECT_EQ(Veil(CurrentAttestationPolicy(*mine, &cache).value()).id, "default");  // built in
  ASSERT_TRUE(other->PutPolicy(Attestation("v1", VeilAttestationPolicy("v1", "one")), event));
  EXPECT_EQ(Veil(CurrentAttestationPolicy(*mine, &cache).value()).id, "v1");
  EXPECT_EQ(Veil(CurrentAttestationPolicy(*mine, &cache).value()).id, "v1");  // a hit
  ASSERT_TRUE(other->PutPolicy(Attestation("v1", VeilAttestationPolicy("v1", "two")), event));
  EXPECT_EQ(Veil(CurrentAttestationPolicy(*mine, &cache).value()).rules[0].name, "two");
  EXPECT_EQ(cache.size(), 2u);
}

}  // namespace
}  // namespace veil::kbs
