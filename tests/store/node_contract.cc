// The node part of the store contract (store/store.h "Nodes"), run on every backend with the
// rest of store_contract.cc.

#include <gtest/gtest.h>

#include <string>

#include "store_contract.h"
#include "store_test_values.h"
#include "veil/audit/verify_chain.h"

namespace veil::store {
namespace {

using test_values::Event;
using test_values::kT0;

const std::string kEk1(64, 'a');
const std::string kEk2(64, 'b');
const std::string kAk1(64, 'c');
const std::string kAk2(64, 'd');

NodeIdentity Identity(std::string name, std::string ek, Bytes certificate = {}) {
  return {std::move(name), std::move(ek), std::move(certificate)};
}

}  // namespace

TEST_P(StoreContract, NodesRegisterEnrolListFindDelete) {
  ASSERT_TRUE(
      store().RegisterNode(Identity("edge-1", kEk1, {0x30, 0x00}), Event("node.add", "edge-1")));
  clock_.Set(clock_.Now() + std::chrono::seconds(5));
  ASSERT_TRUE(store().RegisterNode(Identity("edge-0", kEk2), Event("node.add", "edge-0")));

  auto nodes = store().ListNodes().value();
  ASSERT_EQ(nodes.size(), 2u);
  EXPECT_EQ(nodes[0].identity.name, "edge-0");  // ordered by name
  EXPECT_EQ(nodes[1].identity, Identity("edge-1", kEk1, {0x30, 0x00}));
  EXPECT_EQ(nodes[1].state, NodeState::kRegistered);
  EXPECT_EQ(nodes[1].ak_digest, std::nullopt);
  EXPECT_EQ(nodes[1].registered_at, kT0);
  EXPECT_EQ(nodes[1].enrolled_at, std::nullopt);
  EXPECT_EQ(store().FindNodeByAk(kAk1).value(), std::nullopt);

  clock_.Set(clock_.Now() + std::chrono::seconds(5));
  ASSERT_TRUE(store().EnrolNode(Identity("ignored", kEk1), kAk1, Event("node.enrol", "edge-1")));
  const auto enrolled = store().FindNodeByAk(kAk1).value();
  ASSERT_TRUE(enrolled);
  EXPECT_EQ(enrolled->identity.name, "edge-1");                       // the registered name wins
  EXPECT_EQ(enrolled->identity.ek_certificate, (Bytes{0x30, 0x00}));  // kept
  EXPECT_EQ(enrolled->state, NodeState::kEnrolled);
  EXPECT_EQ(enrolled->ak_digest, kAk1);
  EXPECT_EQ(enrolled->enrolled_at, kT0 + std::chrono::seconds(10));
  EXPECT_EQ(store().FindNodeByEk(kEk1).value(), enrolled);

  // A new AK replaces the old one: the old one is no longer the node's.
  ASSERT_TRUE(store().EnrolNode(Identity("edge-1", kEk1), kAk2, Event("node.enrol", "edge-1")));
  EXPECT_EQ(store().FindNodeByAk(kAk1).value(), std::nullopt);
  EXPECT_EQ(store().FindNodeByAk(kAk2).value()->identity.name, "edge-1");

  ASSERT_TRUE(store().DeleteNode("edge-1", Event("node.delete", "edge-1")));
  EXPECT_EQ(store().FindNodeByAk(kAk2).value(), std::nullopt);
  EXPECT_EQ(store().ListNodes().value().size(), 1u);

  const auto audit = Audit();
  ASSERT_EQ(audit.size(), 5u);
  EXPECT_EQ(audit[2].action, "node.enrol");
  EXPECT_EQ(audit[4].action, "node.delete");
  EXPECT_TRUE(audit::VerifyAuditChain(audit).intact);
}

TEST_P(StoreContract, EnrollingAnUnknownEkAddsTheNodeEnrolled) {
  ASSERT_TRUE(
      store().EnrolNode(Identity("edge-7", kEk1, {0x30}), kAk1, Event("node.enrol", "edge-7")));
  const auto nodes = store().ListNodes().value();
  ASSERT_EQ(nodes.size(), 1u);
  EXPECT_EQ(nodes[0].identity, Identity("edge-7", kEk1, {0x30}));
  EXPECT_EQ(nodes[0].state, NodeState::kEnrolled);
  EXPECT_EQ(nodes[0].ak_digest, kAk1);
  EXPECT_EQ(nodes[0].registered_at, kT0);
  EXPECT_EQ(nodes[0].enrolled_at, kT0);
}

TEST_P(StoreContract, NodeConflictsChangeNothingAndAreNotAudited) {
  ASSERT_TRUE(store().EnrolNode(Identity("edge-1", kEk1), kAk1, Event("node.enrol", "edge-1")));
  const auto before = store().ListNodes().value();

  auto same_name = store().RegisterNode(Identity("edge-1", kEk2), Event("node.add", "edge-1"));
  ASSERT_FALSE(same_name);
  EXPECT_EQ(same_name.error().ToString(), "store: node edge-1 exists already");
  auto same_ek = store().RegisterNode(Identity("edge-2", kEk1), Event("node.add", "edge-2"));
  ASSERT_FALSE(same_ek);
  EXPECT_EQ(same_ek.error().ToString(), "store: EK " + kEk1 + " belongs to node edge-1 already");
  // A new EK under a taken name, and an AK bound to another node, are refused.
  auto taken = store().EnrolNode(Identity("edge-1", kEk2), kAk2, Event("node.enrol", "edge-1"));
  ASSERT_FALSE(taken);
  EXPECT_EQ(taken.error().code, ErrorCode::kInvalidArgument);
  auto stolen_ak = store().EnrolNode(Identity("edge-2", kEk2), kAk1, Event("node.enrol", "edge-2"));
  ASSERT_FALSE(stolen_ak);
  EXPECT_EQ(stolen_ak.error().ToString(), "store: AK " + kAk1 + " is bound to node edge-1 already");
  auto absent = store().DeleteNode("edge-9", Event("node.delete", "edge-9"));
  ASSERT_FALSE(absent);
  EXPECT_EQ(absent.error().code, ErrorCode::kNotFound);
  EXPECT_EQ(absent.error().ToString(), "store: node edge-9 does not exist");

  EXPECT_EQ(store().ListNodes().value(), before);
  EXPECT_EQ(Audit().size(), 1u);
}

TEST_P(StoreContract, RefusesInvalidNodesWithoutAuditing) {
  EXPECT_FALSE(store().RegisterNode(Identity("", kEk1), Event("node.add", "x")));
  EXPECT_FALSE(store().RegisterNode(Identity("-edge", kEk1), Event("node.add", "x")));
  EXPECT_FALSE(store().RegisterNode(Identity("edge 1", kEk1), Event("node.add", "x")));
  EXPECT_FALSE(store().RegisterNode(Identity(std::string(65, 'n'), kEk1), Event("node.add", "x")));
  EXPECT_FALSE(store().RegisterNode(Identity("edge-1", "ABCD"), Event("node.add", "x")));
  EXPECT_FALSE(
      store().RegisterNode(Identity("edge-1", std::string(64, 'A')), Event("node.add", "x")));
  EXPECT_FALSE(store().RegisterNode(Identity("edge-1", kEk1, Bytes(kMaxEkCertificateSize + 1)),
                                    Event("node.add", "x")));
  EXPECT_FALSE(store().EnrolNode(Identity("edge-1", kEk1), "c0ffee", Event("node.enrol", "x")));
  EXPECT_TRUE(store().ListNodes().value().empty());
  EXPECT_TRUE(Audit().empty());
}

}  // namespace veil::store
