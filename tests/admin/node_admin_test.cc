// The node endpoints of the admin API (admin_service.h "TPM nodes") over testing::FakeStore: a
// node is registered, listed and removed only by an authenticated admin, only when its EK
// parses, and only together with its audit entry.

#include <gtest/gtest.h>

#include "admin_service_harness.h"

#include "veil/admin/admin_service.h"
#include "veil/base/base64.h"
#include "veil/base/rfc3339.h"
#include "veil/crypto/jose/jwt.h"
#include "veil/crypto/random.h"
#include "veil/node/tpm_keys.h"
#include "veil/protocol/admin_identity.h"
#include "veil/testing/certificate_chain.h"
#include "veil/testing/fake_store.h"

namespace veil::admin {
namespace {

using nlohmann::json;

class NodeAdminTest : public AdminServiceHarness {
 protected:
  NodeAdminTest() : ek_(crypto::PrivateKey::Generate(crypto::KeyAlgorithm::kEcP256).value()) {}

  http::Response Add(const json& body, bool anonymous = false) {
    return service_.AddNode(Request("POST", "/veil/v0/nodes", body.dump(), anonymous));
  }
  std::string EkPem() const { return ek_.GetPublicKey().ToPem(); }
  std::string EkDigest() const { return node::KeyDigest(ek_.GetPublicKey()); }

  crypto::PrivateKey ek_;
};

TEST_F(NodeAdminTest, AddListAndRemoveANodeEachAudited) {
  const http::Response added =
      Add({{"name", "edge-1"}, {"ek_public", Base64Encode(AsBytes(EkPem()))}});
  ASSERT_EQ(added.status, 200u) << added.body;
  EXPECT_EQ(Body(added), (json{{"name", "edge-1"}, {"state", "registered"}, {"ek", EkDigest()}}));

  const http::Response listed = service_.ListNodes(Request("GET", "/veil/v0/nodes"));
  ASSERT_EQ(listed.status, 200u) << listed.body;
  EXPECT_EQ(Body(listed), (json{{"nodes",
                                 {{{"name", "edge-1"},
                                   {"state", "registered"},
                                   {"ek", EkDigest()},
                                   {"ak", nullptr},
                                   {"ek_certificate", false},
                                   {"registered", "2026-03-01T12:00:00Z"},
                                   {"enrolled", nullptr}}}}}));

  const http::Response removed = service_.DeleteNode(Request("DELETE", "/veil/v0/nodes/edge-1"));
  ASSERT_EQ(removed.status, 200u) << removed.body;
  EXPECT_TRUE(store_.ListNodes().value().empty());

  const auto entries = Audit();
  ASSERT_EQ(entries.size(), 2u);
  const std::string actor = protocol::AdminActor(admin_.GetPublicKey()).value();
  EXPECT_EQ(entries[0].actor, actor);
  EXPECT_EQ(entries[0].action, "node.add");
  EXPECT_EQ(entries[0].subject, "edge-1");
  EXPECT_EQ(json::parse(entries[0].details), (json{{"ek", EkDigest()}, {"ek_certificate", false}}));
  EXPECT_EQ(entries[1].action, "node.delete");
  EXPECT_EQ(json::parse(entries[1].details), (json{{"ek", EkDigest()}, {"ak", nullptr}}));
}

TEST_F(NodeAdminTest, AnEkCertificateNamesTheEkByItsKey) {
  const auto chain = testing::IssueTestChain(ek_.GetPublicKey(), kT0);
  const Bytes der = chain.front().Der();
  const http::Response added = Add({{"name", "edge-2"}, {"ek_certificate", Base64Encode(der)}});
  ASSERT_EQ(added.status, 200u) << added.body;
  const auto nodes = store_.ListNodes().value();
  ASSERT_EQ(nodes.size(), 1u);
  EXPECT_EQ(nodes[0].identity.ek_digest, EkDigest());
  EXPECT_EQ(nodes[0].identity.ek_certificate, der);
}

TEST_F(NodeAdminTest, RefusalsChangeNothingAndAreNotAudited) {
  const std::string ek = Base64Encode(AsBytes(EkPem()));
  EXPECT_EQ(Add({{"name", "edge-1"}, {"ek_public", ek}}, true).status, 401u);
  const http::Response both = Add({{"name", "edge-1"}, {"ek_public", ek}, {"ek_certificate", ek}});
  EXPECT_EQ(both.status, 400u);
  EXPECT_NE(Body(both)
                .value("detail", "")
                .find("expected exactly one of \"ek_certificate\" and \"ek_public\", got both"),
            std::string::npos)
      << both.body;
  EXPECT_EQ(Add({{"name", "edge 1"}, {"ek_public", ek}}).status, 400u);
  EXPECT_EQ(Add({{"name", "edge-1"}, {"ek_public", Base64Encode(Bytes{1, 2, 3})}}).status, 400u);
  EXPECT_EQ(Add({{"name", "edge-1"}, {"ek_public", ek}, {"extra", 1}}).status, 400u);

  ASSERT_EQ(Add({{"name", "edge-1"}, {"ek_public", ek}}).status, 200u);
  const http::Response same_ek = Add({{"name", "edge-2"}, {"ek_public", ek}});
  EXPECT_EQ(same_ek.status, 400u);
  EXPECT_NE(Body(same_ek).value("detail", "").find("belongs to node edge-1 already"),
            std::string::npos)
      << same_ek.body;
  const http::Response absent = service_.DeleteNode(Request("DELETE", "/veil/v0/nodes/edge-9"));
  EXPECT_EQ(absent.status, 401u);  // kNotFound as ResourceNotFound, as CoCo's vocabulary has it
  EXPECT_NE(Body(absent).value("detail", "").find("node edge-9 does not exist"), std::string::npos);
  EXPECT_EQ(Audit().size(), 1u);
}

}  // namespace
}  // namespace veil::admin
