// GET /kbs/v0/resource as a unit (docs/kbs-protocol.md §3): who may present an attestation, what
// the resource policy decides, and the invariant "no audit entry, no secret" — reached by making
// the store refuse the audit append, which a healthy database never does.

#include "veil/kbs/resource_service.h"

#include <gtest/gtest.h>

#include "kbs_harness.h"
#include "veil/base/hex.h"

namespace veil::kbs {
namespace {

constexpr std::string_view kSecret = "the web server's TLS key";

class ResourceServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    kbs_.PutSecret("prod/key/web", kSecret);
    kbs_.AllowSample();
  }

  http::Response Get(const std::string& path,
                     const std::optional<std::string>& bearer = std::nullopt) {
    return kbs_.resources.Get(guest_.ResourceRequest(path, bearer));
  }

  // The audit entries recording a release, in order.
  std::vector<audit::AuditEntry> Releases() {
    std::vector<audit::AuditEntry> releases;
    std::vector<audit::AuditEntry> entries = store::ReadAllAudit(kbs_.store).value();
    for (audit::AuditEntry& entry : entries) {
      if (entry.action == "resource.release") releases.push_back(std::move(entry));
    }
    return releases;
  }

  KbsHarness kbs_;
  TestGuest guest_;
};

void ExpectNoSecret(const http::Response& response) {
  const nlohmann::json body = Body(response);
  EXPECT_FALSE(body.contains("ciphertext")) << response.body;
  EXPECT_FALSE(body.contains("encrypted_key")) << response.body;
  EXPECT_EQ(response.body.find(kSecret), std::string::npos) << response.body;
}

TEST_F(ResourceServiceTest, ReleasesTheSecretToTheAttestedSessionAndAuditsIt) {
  ASSERT_EQ(guest_.AttestSample(kbs_.rcar).status, 200u);
  const http::Response response = Get("prod/key/web");
  ASSERT_EQ(response.status, 200u) << response.body;
  EXPECT_EQ(guest_.Decrypt(Body(response)).value(), kSecret);

  const auto releases = Releases();
  ASSERT_EQ(releases.size(), 1u);
  EXPECT_EQ(releases[0].subject, "prod/key/web");
  EXPECT_EQ(releases[0].actor, "tee:sample:" + HexEncode(guest_.ReportData(guest_.nonce())));
  const nlohmann::json details = nlohmann::json::parse(releases[0].details);
  EXPECT_EQ(details["tee"], "sample");
  EXPECT_EQ(details["status"], "affirming");
  EXPECT_EQ(details["policy_id"], "allow-sample-for-tests");
  EXPECT_EQ(details["rule"], "affirming-only");
}

TEST_F(ResourceServiceTest, ReleasesToABearerTokenWithoutACookie) {
  const http::Response attested = guest_.AttestSample(kbs_.rcar);
  ASSERT_EQ(attested.status, 200u) << attested.body;
  const std::string token = Body(attested)["token"];
  kbs_.sessions.Find(guest_.cookie()).value();  // the session exists, but is not presented
  const http::Response response = Get("prod/key/web", token);
  ASSERT_EQ(response.status, 200u) << response.body;
  EXPECT_EQ(guest_.Decrypt(Body(response)).value(), kSecret);
  EXPECT_EQ(Releases().size(), 1u);
}

TEST_F(ResourceServiceTest, TheBearerTokenOutlivesTheSessionButNotItsExpiry) {
  const std::string token = Body(guest_.AttestSample(kbs_.rcar))["token"];
  kbs_.clock.Set(kbs_.clock.Now() + kSessionTtl);
  // The session is gone; its cookie no longer works, the token (exp = iat + 300 s) neither.
  const http::Response by_cookie = Get("prod/key/web");
  EXPECT_EQ(Variant(by_cookie), "TokenNotFound") << by_cookie.body;
  EXPECT_NE(Detail(by_cookie).find("has expired"), std::string::npos) << by_cookie.body;
  const http::Response by_token = Get("prod/key/web", token);
  EXPECT_EQ(Variant(by_token), "TokenNotFound") << by_token.body;
  kbs_.clock.Set(kbs_.clock.Now() - std::chrono::seconds(1));
  EXPECT_EQ(Get("prod/key/web", token).status, 200u);
}

TEST_F(ResourceServiceTest, RefusesATokenThisTrusteeDidNotSign) {
  ASSERT_EQ(guest_.AttestSample(kbs_.rcar).status, 200u);
  KbsHarness other_trustee;
  other_trustee.AllowSample();
  TestGuest other_guest;
  const std::string foreign = Body(other_guest.AttestSample(other_trustee.rcar))["token"];
  const http::Response response = Get("prod/key/web", foreign);
  EXPECT_EQ(response.status, 401u);
  EXPECT_EQ(Variant(response), "TokenNotFound") << response.body;
  ExpectNoSecret(response);
  EXPECT_TRUE(Releases().empty());
}

TEST_F(ResourceServiceTest, RefusesASessionThatHasNotAttested) {
  ASSERT_EQ(guest_.Auth(kbs_.rcar, "sample").status, 200u);
  const http::Response response = Get("prod/key/web");
  EXPECT_EQ(Variant(response), "TokenNotFound") << response.body;
  EXPECT_NE(Detail(response).find("session " + guest_.cookie() + " has not attested"),
            std::string::npos)
      << response.body;
  guest_.set_cookie("");
  EXPECT_NE(Detail(Get("prod/key/web")).find("no attestation"), std::string::npos);
  EXPECT_TRUE(Releases().empty());
}

TEST_F(ResourceServiceTest, TheResourcePolicyDecidesOverTheTokenStatus) {
  // Without the sample allowance the default attestation policy contraindicates sample evidence.
  KbsHarness strict;
  strict.PutSecret("prod/key/web", kSecret);
  ASSERT_EQ(guest_.AttestSample(strict.rcar).status, 200u);
  const http::Response response = strict.resources.Get(guest_.ResourceRequest("prod/key/web"));
  EXPECT_EQ(response.status, 401u);
  EXPECT_EQ(Variant(response), "PolicyDeny") << response.body;
  EXPECT_NE(Detail(response).find("resource policy denies prod/key/web"), std::string::npos)
      << response.body;
  ExpectNoSecret(response);
  // The refusal is audited with its reason; no release is.
  const auto entries = store::ReadAllAudit(strict.store).value();
  ASSERT_EQ(entries.size(), 2u);  // the resource.put, then the denial
  EXPECT_EQ(entries[1].action, "resource.deny");
  EXPECT_EQ(entries[1].subject, "prod/key/web");
  const nlohmann::json details = nlohmann::json::parse(entries[1].details);
  EXPECT_EQ(details["status"], "contraindicated");
  EXPECT_EQ(details["attestation_service"], "self");
  EXPECT_FALSE(details["reason"].get<std::string>().empty());
}

// A Rego resource policy decides as CoCo's KBS: over the token's claims (input) and the path in
// data; a denial says what data.policy.allow was and is audited under the rule "allow".
TEST_F(ResourceServiceTest, ARegoResourcePolicyDecidesOverTheTokenClaimsAndThePath) {
  kbs_.PutSecret("prod/other/web", kSecret);
  kbs_.SetResourcePolicy("default",
                         "package policy\n"
                         "default allow := false\n"
                         "allow if {\n"
                         "  input.submods.cpu0[\"ear.status\"] == \"affirming\"\n"
                         "  input.submods.cpu0[\"ear.veraison.annotated-evidence\"].sample\n"
                         "  data.plugin == \"resource\"\n"
                         "  data[\"resource-path\"] == [\"prod\", \"key\", \"web\"]\n"
                         "}\n");
  ASSERT_EQ(guest_.AttestSample(kbs_.rcar).status, 200u);
  const http::Response released = Get("prod/key/web");
  ASSERT_EQ(released.status, 200u) << released.body;
  EXPECT_EQ(guest_.Decrypt(Body(released)).value(), kSecret);
  ASSERT_EQ(Releases().size(), 1u);
  EXPECT_EQ(nlohmann::json::parse(Releases()[0].details)["rule"], "allow");

  const http::Response denied = Get("prod/other/web");
  EXPECT_EQ(denied.status, 401u);
  EXPECT_EQ(Variant(denied), "PolicyDeny") << denied.body;
  EXPECT_NE(Detail(denied).find("data.policy.allow is false"), std::string::npos) << denied.body;
  ExpectNoSecret(denied);
}

TEST_F(ResourceServiceTest, UnknownResourcesAndBadPathsAreDistinguished) {
  ASSERT_EQ(guest_.AttestSample(kbs_.rcar).status, 200u);
  const http::Response missing = Get("prod/key/missing");
  EXPECT_EQ(missing.status, 401u);
  EXPECT_EQ(Variant(missing), "ResourceNotFound");
  EXPECT_NE(Detail(missing).find("no resource prod/key/missing"), std::string::npos);
  const http::Response bad = Get("only/two");
  EXPECT_EQ(bad.status, 404u);
  EXPECT_EQ(Variant(bad), "InvalidRequestPath");
  EXPECT_TRUE(Releases().empty());
}

// --- no audit entry, no secret -------------------------------------------------------------------

TEST_F(ResourceServiceTest, NoAuditEntryNoSecret) {
  ASSERT_EQ(guest_.AttestSample(kbs_.rcar).status, 200u);
  kbs_.store.FailAuditAppends(1);
  const http::Response refused = Get("prod/key/web");
  EXPECT_EQ(refused.status, 500u);
  EXPECT_EQ(Variant(refused), "InternalError") << refused.body;
  EXPECT_NE(Detail(refused).find("store: injected audit failure"), std::string::npos)
      << refused.body;
  ExpectNoSecret(refused);
  EXPECT_TRUE(Releases().empty());

  // The same request once the log accepts the entry: one release, recorded once.
  const http::Response released = Get("prod/key/web");
  ASSERT_EQ(released.status, 200u) << released.body;
  EXPECT_EQ(guest_.Decrypt(Body(released)).value(), kSecret);
  EXPECT_EQ(Releases().size(), 1u);
}

TEST_F(ResourceServiceTest, NoSecretWhenTheStoreCannotBeRead) {
  ASSERT_EQ(guest_.AttestSample(kbs_.rcar).status, 200u);
  kbs_.store.FailReads(1);  // the resource policy lookup
  const http::Response response = Get("prod/key/web");
  EXPECT_EQ(response.status, 500u);
  EXPECT_EQ(Variant(response), "InternalError") << response.body;
  ExpectNoSecret(response);
  EXPECT_TRUE(Releases().empty());
}

}  // namespace
}  // namespace veil::kbs
