// The admin client's side of GET /kbs/v0/audit: entries rebuilt from the JSON the admin API
// writes are the stored entries, byte for byte, so `veil audit verify` checks the real chain.

#include "veil/admin_client/audit_entries.h"

#include <gtest/gtest.h>

#include "veil/admin/admin_service.h"
#include "veil/audit/verify_chain.h"
#include "veil/base/rfc3339.h"
#include "veil/crypto/jose/jwk.h"
#include "veil/crypto/jose/jwt.h"
#include "veil/crypto/random.h"
#include "veil/protocol/admin_identity.h"
#include "veil/testing/fake_store.h"

namespace veil::admin_client {
namespace {

using nlohmann::json;

const TimePoint kT0 = ParseRfc3339("2026-03-01T12:00:00Z").value();

TEST(AdminActor, IsAdminAndTheFirstSixteenCharactersOfTheJwkThumbprint) {
  const auto key = crypto::PrivateKey::Generate(crypto::KeyAlgorithm::kEd25519).value();
  const std::string actor = protocol::AdminActor(key.GetPublicKey()).value();
  const std::string thumbprint =
      crypto::jose::JwkThumbprintSha256(crypto::jose::PublicKeyToJwk(key.GetPublicKey()).value())
          .value();
  EXPECT_EQ(actor, "admin:" + thumbprint.substr(0, 16));
  const auto other = crypto::PrivateKey::Generate(crypto::KeyAlgorithm::kEcP256).value();
  EXPECT_NE(protocol::AdminActor(other.GetPublicKey()).value(), actor);
}

TEST(AuditEntriesFromJson, RebuildsWhatTheAdminApiServes) {
  FixedClock clock(kT0);
  testing::FakeStore store(clock);
  const auto admin = crypto::PrivateKey::Generate(crypto::KeyAlgorithm::kEd25519).value();
  std::vector<crypto::PublicKey> keys;
  keys.push_back(admin.GetPublicKey());
  const admin::AdminAuthenticator authenticator(std::move(keys), clock, admin::AdminTokenRules{});
  const auto sealer = kbs::SecretSealer::Create(crypto::RandomSecretBytes(32)).value();
  admin::AdminService service(authenticator, store, sealer, clock);

  ASSERT_TRUE(store.PutPolicy({store::PolicyKind::kResource, "p", "t"},
                              {"admin:x", "policy.set", "resource", json{{"ü", "\x01"}}}));
  clock.Set(kT0 + std::chrono::seconds(7));
  ASSERT_TRUE(store.AppendAudit({"tee:sample:00", "resource.release", "a/b/c", json::object()}));

  http::Request request;
  request.method = "GET";
  request.path = "/kbs/v0/audit";
  const std::int64_t now = UnixSeconds(clock.Now());
  request.headers.Add(
      "Authorization",
      "Bearer " + crypto::jose::SignJwt(admin, json::object(),
                                        {{"iat", now}, {"exp", now + 60}, {"jti", "audit-read-1"}})
                      .value());
  const http::Response response = service.ReadAudit(request);
  ASSERT_EQ(response.status, 200u) << response.body;

  const auto rebuilt = AuditEntriesFromJson(json::parse(response.body)).value();
  const auto stored = store::ReadAllAudit(store).value();
  EXPECT_EQ(rebuilt, stored);
  EXPECT_TRUE(audit::VerifyAuditChain(rebuilt).intact);
}

TEST(AuditEntriesFromJson, RefusesMalformedPages) {
  EXPECT_FALSE(AuditEntriesFromJson(json::object()));
  EXPECT_FALSE(AuditEntriesFromJson(json{{"entries", json::array({json{{"sequence", -1}}})}}));
  const json entry = {{"sequence", std::uint64_t{1}},
                      {"time", "2026-03-01T12:00:00Z"},
                      {"actor", "admin:x"},
                      {"action", "policy.set"},
                      {"subject", ""},
                      {"details", "{}"},
                      {"previous_hash", std::string(64, '0')},
                      {"hash", std::string(64, 'a')}};
  EXPECT_EQ(AuditEntriesFromJson(json{{"entries", json::array({entry})}}).value().size(), 1u);
  for (const char* member : {"time", "actor", "details", "hash"}) {
    json broken = entry;
    broken.erase(member);
    EXPECT_FALSE(AuditEntriesFromJson(json{{"entries", json::array({broken})}})) << member;
  }
  json bad_hex = entry;
  bad_hex["hash"] = "zz";
  EXPECT_FALSE(AuditEntriesFromJson(json{{"entries", json::array({bad_hex})}}));
}

}  // namespace
}  // namespace veil::admin_client
