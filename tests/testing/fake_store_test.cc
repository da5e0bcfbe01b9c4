// What FakeStore adds to the Store contract (which tests/store/store_contract_test.cc checks):
// injected failures are one-shot by count, and a refused mutation leaves the state untouched.

#include "veil/testing/fake_store.h"

#include <gtest/gtest.h>

#include "veil/audit/verify_chain.h"
#include "veil/base/rfc3339.h"

namespace veil::testing {
namespace {

const TimePoint kT0 = ParseRfc3339("2025-06-01T10:00:00Z").value();

protocol::ResourcePath Path(std::string_view text) {
  return protocol::ResourcePath::Parse(text).value();
}

audit::AuditEvent Event(std::string action) {
  return {"admin:3f1a", std::move(action), "a/b/c", nlohmann::json::object()};
}

class FakeStoreTest : public ::testing::Test {
 protected:
  std::size_t AuditSize() { return store::ReadAllAudit(store_).value().size(); }

  FixedClock clock_{kT0};
  FakeStore store_{clock_};
};

TEST_F(FakeStoreTest, AnInjectedAuditFailureHitsOnlyTheNextAppend) {
  store_.FailAuditAppends(1);
  auto first = store_.PutResource(Path("a/b/c"), AsBytes("s"), Event("resource.put"));
  ASSERT_FALSE(first);
  EXPECT_EQ(first.error().code, ErrorCode::kUnavailable);
  EXPECT_EQ(first.error().ToString(), "store: injected audit failure");
  EXPECT_EQ(store_.GetResource(Path("a/b/c")).value(), std::nullopt);
  EXPECT_EQ(AuditSize(), 0u);

  ASSERT_TRUE(store_.PutResource(Path("a/b/c"), AsBytes("s"), Event("resource.put")));
  EXPECT_EQ(store_.GetResource(Path("a/b/c")).value(), ToBytes(AsBytes("s")));
  EXPECT_EQ(AuditSize(), 1u);
}

TEST_F(FakeStoreTest, AnInjectedFailureCountsDownOverSeveralWrites) {
  store_.FailAuditAppends(2);
  EXPECT_FALSE(store_.AppendAudit(Event("resource.release")));
  EXPECT_FALSE(store_.AppendAudit(Event("resource.release")));
  const auto third = store_.AppendAudit(Event("resource.release"));
  ASSERT_TRUE(third) << third.error().ToString();
  EXPECT_EQ(third->sequence, 1u);  // the failed appends left no gap
}

TEST_F(FakeStoreTest, AValidationRefusalDoesNotConsumeAnInjectedFailure) {
  store_.FailAuditAppends(1);
  EXPECT_EQ(store_.AppendAudit({"admin", "Bad Action", "", nlohmann::json::object()}).error().code,
            ErrorCode::kInvalidArgument);
  EXPECT_EQ(store_.AppendAudit(Event("resource.release")).error().code, ErrorCode::kUnavailable);
}

TEST_F(FakeStoreTest, AnInjectedChangeFailureAppendsNothing) {
  store_.FailChanges(1);
  auto put = store_.PutPolicy({store::PolicyKind::kResource, "p", "t"}, Event("policy.set"));
  ASSERT_FALSE(put);
  EXPECT_EQ(put.error().ToString(), "store: injected change failure");
  EXPECT_EQ(store_.GetPolicy(store::PolicyKind::kResource).value(), std::nullopt);
  EXPECT_EQ(AuditSize(), 0u);
  EXPECT_TRUE(store_.PutPolicy({store::PolicyKind::kResource, "p", "t"}, Event("policy.set")));
}

TEST_F(FakeStoreTest, AnInjectedReadFailureHitsTheNextRead) {
  ASSERT_TRUE(store_.PutResource(Path("a/b/c"), AsBytes("s"), Event("resource.put")));
  store_.FailReads(1);
  auto read = store_.GetResource(Path("a/b/c"));
  ASSERT_FALSE(read);
  EXPECT_EQ(read.error().ToString(), "store: injected read failure");
  EXPECT_EQ(store_.GetResource(Path("a/b/c")).value(), ToBytes(AsBytes("s")));
}

TEST_F(FakeStoreTest, TheChainIsWholeAcrossFailures) {
  ASSERT_TRUE(store_.AppendAudit(Event("resource.release")));
  store_.FailAuditAppends(1);
  EXPECT_FALSE(store_.DeleteResource(Path("a/b/c"), Event("resource.delete")));  // kNotFound first
  EXPECT_FALSE(store_.AppendAudit(Event("resource.release")));  // the injected failure
  ASSERT_TRUE(store_.AppendAudit(Event("resource.release")));
  const auto entries = store::ReadAllAudit(store_).value();
  ASSERT_EQ(entries.size(), 2u);
  EXPECT_TRUE(audit::VerifyAuditChain(entries).intact);
}

}  // namespace
}  // namespace veil::testing
