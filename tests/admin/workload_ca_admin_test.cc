// The workload CA's admin endpoints (workload_ca_admin.h) over testing::FakeStore: only an
// authenticated admin lists, revokes and rotates; bodies are checked before anything changes;
// every change is audited with the admin as actor.

#include <gtest/gtest.h>

#include "admin_service_harness.h"
#include "veil/admin/workload_ca_admin.h"

namespace veil::admin {
namespace {

using nlohmann::json;

store::WorkloadCertificateRecord Certificate(std::string serial, std::string ca_id,
                                             std::string tee) {
  return {.serial = std::move(serial),
          .ca_id = std::move(ca_id),
          .tee_identity = std::move(tee),
          .names = {"uri:spiffe://veil.example/web"},
          .not_before = kT0,
          .not_after = kT0 + std::chrono::hours(24),
          .attestation_digest = "sha256:" + std::string(64, 'a'),
          .attestation_result = "{}",
          .issued_at = {},
          .revoked_at = {},
          .revocation_reason = {}};
}

class WorkloadCaAdminTest : public AdminServiceHarness {
 protected:
  void SetUp() override {
    ca_id_ = keyring_.EnsureCurrent().value().record.id;
    for (const auto& [serial, tee] :
         {std::pair{"1a", "tpm:ak1"}, std::pair{"2b", "tpm:ak1"}, std::pair{"3c", "tpm:ak2"}}) {
      ASSERT_TRUE(store_.AddWorkloadCertificate(
          Certificate(serial, ca_id_, tee),
          {"tee:" + std::string(tee), "certificate.issue", serial, {}}));
    }
  }
  http::Response Revoke(const json& body, bool anonymous = false) {
    return ca_admin_.Revoke(
        Request("POST", "/veil/v0/workload/revocations", body.dump(), anonymous));
  }

  workload_ca::CaKeyring keyring_{store_, sealer_, clock_, workload_ca::WorkloadCaOptions{}};
  WorkloadCaAdmin ca_admin_{authenticator_, store_, keyring_, clock_};
  std::string ca_id_;
};

TEST_F(WorkloadCaAdminTest, RevokesBySerialOrIdentityAuditedWithTheSerials) {
  const http::Response one = Revoke({{"serial", "2B"}, {"reason", "keyCompromise"}});
  ASSERT_EQ(one.status, 200u) << one.body;
  EXPECT_EQ(Body(one)["revoked"], json::array({"2b"}));
  const http::Response by_tee = Revoke({{"tee_identity", "tpm:ak1"}});
  ASSERT_EQ(by_tee.status, 200u) << by_tee.body;
  EXPECT_EQ(Body(by_tee)["revoked"], json::array({"1a"}));  // 2b was revoked already
  const auto audit = Audit();
  EXPECT_EQ(audit.back().action, kRevokeAction);
  EXPECT_EQ(audit.back().actor, Actor());
  EXPECT_EQ(audit.back().subject, "tee:tpm:ak1");
  EXPECT_EQ(json::parse(audit.back().details)["serials"], json::array({"1a"}));

  const json listed =
      Body(ca_admin_.ListCertificates(Request("GET", "/veil/v0/workload/certificates")));
  ASSERT_EQ(listed["certificates"].size(), 3u);
  EXPECT_EQ(listed["certificates"][1]["status"], "revoked");
  EXPECT_EQ(listed["certificates"][1]["reason"], "keyCompromise");
  EXPECT_EQ(listed["certificates"][2]["status"], "good");
}

TEST_F(WorkloadCaAdminTest, RefusesBadRevocationsAndStrangersChangingNothing) {
  const std::size_t entries = Audit().size();
  const std::pair<json, const char*> cases[] = {
      {json{{"serial", "1a"}, {"tee_identity", "tpm:ak1"}}, "not both or neither"},
      {json::object(), "not both or neither"},
      {json{{"serial", "xyz"}}, "hex digits"},
      {json{{"serial", "1a"}, {"reason", "certificateHold"}}, "expected one of unspecified"},
      {json{{"serial", 5}}, "expected a string"},
  };
  for (const auto& [body, expected] : cases) {
    const http::Response refused = Revoke(body);
    EXPECT_EQ(refused.status, 400u) << body.dump();
    EXPECT_NE(Body(refused).value("detail", "").find(expected), std::string::npos) << refused.body;
  }
  const http::Response unknown = Revoke({{"serial", "7777"}});
  EXPECT_EQ(unknown.status, 401u);  // ResourceNotFound, as every admin "not found"
  EXPECT_NE(Body(unknown).value("detail", "").find("no certificate has serial 7777"),
            std::string::npos);
  EXPECT_EQ(Revoke({{"serial", "1a"}}, /*anonymous=*/true).status, 401u);
  EXPECT_EQ(ca_admin_.Rotate(Request("POST", "/veil/v0/workload/ca/rotate", "", true)).status,
            401u);
  EXPECT_EQ(Audit().size(), entries);
  EXPECT_FALSE(store_.GetWorkloadCertificate("1a").value()->revoked_at);
}

TEST_F(WorkloadCaAdminTest, RotatesWithAnOverlapAndListsBothCas) {
  const http::Response short_overlap = ca_admin_.Rotate(
      Request("POST", "/veil/v0/workload/ca/rotate", json{{"overlap", "1h"}}.dump()));
  EXPECT_EQ(short_overlap.status, 400u) << short_overlap.body;
  const http::Response rotated = ca_admin_.Rotate(
      Request("POST", "/veil/v0/workload/ca/rotate", json{{"overlap", "48h"}}.dump()));
  ASSERT_EQ(rotated.status, 200u) << rotated.body;
  EXPECT_EQ(Body(rotated)["previous"], ca_id_);
  EXPECT_EQ(Body(rotated)["previous_published_until"], "2026-03-03T12:00:00Z");
  const json cas = Body(ca_admin_.ListCas(Request("GET", "/veil/v0/workload/cas")));
  ASSERT_EQ(cas["cas"].size(), 2u);
  EXPECT_TRUE(cas["cas"][0]["current"]);
  EXPECT_FALSE(cas["cas"][1]["current"]);
  EXPECT_TRUE(cas["cas"][1]["published"]);
  EXPECT_NE(cas["cas"][0]["pem"].get<std::string>().find("BEGIN CERTIFICATE"), std::string::npos);
  EXPECT_EQ(Audit().back().action, workload_ca::kCaRotateAction);
  EXPECT_EQ(Audit().back().actor, Actor());
}

}  // namespace
}  // namespace veil::admin
