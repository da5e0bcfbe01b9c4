// The typed admin client against a recording HTTP server: each method sends the endpoint, body and
// headers the admin API (src/veil/admin/admin_service.h) expects, signed by the admin key, and
// turns problem answers into errors.
#include "veil/admin_client/admin_client.h"

#include <gtest/gtest.h>

#include <memory>
#include <mutex>
#include <vector>

#include "veil/base/base64.h"
#include "veil/base/rfc3339.h"
#include "veil/crypto/jose/jwt.h"
#include "veil/http/server/router.h"
#include "veil/http/server/server.h"

namespace veil::admin_client {
namespace {

struct Seen {
  std::string method;
  std::string path;
  std::string query;
  std::string content_type;
  std::string authorization;
  std::string body;
};

class AdminClientTest : public ::testing::Test {
 protected:
  void SetUp() override {
    http::Router router;
    for (const char* method : {"GET", "POST", "DELETE"}) {
      router.AddPrefix(method, "/kbs/v0/",
                       [this](const http::Request& request) { return Record(request); });
    }
    http::ServerOptions options;
    options.port = 0;
    auto server = http::Server::Start(options, std::move(router).IntoHandler());
    ASSERT_TRUE(server) << server.error().ToString();
    server_ = std::move(*server);
  }

  http::Response Record(const http::Request& request) {
    const std::lock_guard lock(mutex_);
    seen_.push_back({request.method, request.path, request.query,
                     std::string(request.headers.Get("Content-Type").value_or("")),
                     std::string(request.headers.Get("Authorization").value_or("")), request.body});
    if (request.path == "/kbs/v0/resource/denied/key/x") {
      return http::Response::Json(403, {{"detail", "admin key not allowed"}});
    }
    if (request.path == "/kbs/v0/resource/limited/key/x") {
      http::Response limited = http::Response::Json(
          429, {{"detail", "expected at most 10 admin requests per second; retry after 1 s"}});
      limited.headers.Set("Retry-After", "1");
      return limited;
    }
    if (request.path == "/kbs/v0/audit" ||
        (request.method == "GET" && request.path == "/kbs/v0/reference-values")) {
      return http::Response::Json(200, answer_);
    }
    return http::Response::Json(200, {{"answered", request.method + " " + request.path}});
  }

  AdminClient Client() const {
    const crypto::SecretBytes pem = admin_.ToPem();
    auto key = crypto::PrivateKey::FromPem(
        std::string_view(reinterpret_cast<const char*>(pem.span().data()), pem.size()));
    return AdminClient("http://127.0.0.1:" + std::to_string(server_->port()) + "/",
                       std::move(key).value(), clock_);
  }

  Seen Last() {
    const std::lock_guard lock(mutex_);
    EXPECT_FALSE(seen_.empty());
    return seen_.empty() ? Seen{} : seen_.back();
  }

  SystemClock clock_;
  crypto::PrivateKey admin_ = crypto::PrivateKey::Generate(crypto::KeyAlgorithm::kEd25519).value();
  std::unique_ptr<http::Server> server_;
  std::mutex mutex_;
  std::vector<Seen> seen_;
  nlohmann::json answer_ = {{"entries", nlohmann::json::array()}};
};

protocol::ResourcePath Path(std::string_view text) {
  return protocol::ResourcePath::Parse(text).value();
}

TEST_F(AdminClientTest, SecretsAreSentRawToTheirResourcePath) {
  const AdminClient client = Client();
  auto put = client.PutSecret(Path("prod/key/web"), AsBytes(std::string_view("s3cr\0t", 6)));
  ASSERT_TRUE(put) << put.error().ToString();
  EXPECT_EQ((*put)["answered"], "POST /kbs/v0/resource/prod/key/web");
  Seen seen = Last();
  EXPECT_EQ(seen.content_type, "application/octet-stream");
  EXPECT_EQ(seen.body, std::string("s3cr\0t", 6));

  ASSERT_TRUE(client.DeleteSecret(Path("prod/key/web")));
  seen = Last();
  EXPECT_EQ(seen.method + " " + seen.path, "DELETE /kbs/v0/resource/prod/key/web");
  EXPECT_EQ(seen.body, "");

  ASSERT_TRUE(client.ListSecrets());
  seen = Last();
  EXPECT_EQ(seen.method + " " + seen.path, "GET /kbs/v0/resources");
}

TEST_F(AdminClientTest, PoliciesGoToTheirKindsEndpointBase64UrlEncoded) {
  const AdminClient client = Client();
  const std::string document = "id: p\nrules: []\n# ~~~ (base64url differs from base64 here)\n";
  ASSERT_TRUE(client.SetPolicy(PolicyKind::kAttestation, AsBytes(document)));
  Seen seen = Last();
  EXPECT_EQ(seen.method + " " + seen.path, "POST /kbs/v0/attestation-policy");
  EXPECT_EQ(seen.content_type, "application/json");
  EXPECT_EQ(nlohmann::json::parse(seen.body),
            nlohmann::json({{"policy", Base64UrlEncode(AsBytes(document))}}));

  ASSERT_TRUE(client.GetPolicy(PolicyKind::kResource));
  seen = Last();
  EXPECT_EQ(seen.method + " " + seen.path, "GET /kbs/v0/resource-policy");
}

TEST_F(AdminClientTest, ReferenceValuesCarryEveryFieldAndExpiresOnlyWhenGiven) {
  const AdminClient client = Client();
  ASSERT_TRUE(client.AddReferenceValue({"tpm.ak", {"aa", "bb"}, "enrolled", std::nullopt}));
  EXPECT_EQ(nlohmann::json::parse(Last().body), nlohmann::json({{"name", "tpm.ak"},
                                                                {"values", {"aa", "bb"}},
                                                                {"provenance", "enrolled"},
                                                                {"mode", "replace"}}));
  ASSERT_TRUE(client.AddReferenceValue({"tpm.ak", {"aa"}, "", "2030-01-01T00:00:00Z"}));
  const Seen seen = Last();
  EXPECT_EQ(seen.method + " " + seen.path, "POST /kbs/v0/reference-value");
  EXPECT_EQ(nlohmann::json::parse(seen.body)["expires"], "2030-01-01T00:00:00Z");

  ASSERT_TRUE(client.ListReferenceValues());
  EXPECT_EQ(Last().path, "/kbs/v0/reference-values");
  ASSERT_TRUE(client.DeleteReferenceValue("snp.measurement"));
  EXPECT_EQ(Last().method + " " + Last().path, "DELETE /kbs/v0/reference-value/snp.measurement");
}

TEST_F(AdminClientTest, ReferenceValuesAreAppendedRemovedImportedAndListedAsEntries) {
  const AdminClient client = Client();
  ReferenceValueUpdate append{"tdx.mr_td", {"aa"}, "p", std::nullopt};
  append.mode = ReferenceValueMode::kAppend;
  append.force = true;
  ASSERT_TRUE(client.AddReferenceValue(append));
  EXPECT_EQ(nlohmann::json::parse(Last().body), nlohmann::json({{"name", "tdx.mr_td"},
                                                                {"values", {"aa"}},
                                                                {"provenance", "p"},
                                                                {"mode", "append"},
                                                                {"force", true}}));
  const std::vector<std::string> values = {"aa"};
  ASSERT_TRUE(client.RemoveReferenceValues("web", values));
  EXPECT_EQ(Last().method + " " + Last().path, "POST /kbs/v0/reference-value");
  EXPECT_EQ(nlohmann::json::parse(Last().body),
            nlohmann::json({{"name", "web"}, {"values", {"aa"}}, {"mode", "remove"}}));

  const std::vector<ReferenceValue> entries = {
      {"web", {"a"}, ParseRfc3339("2030-01-01T00:00:00Z").value(), "p"},
      {"web", {"b"}, std::nullopt, ""}};
  ASSERT_TRUE(client.ImportReferenceValues(entries, false));
  EXPECT_EQ(Last().method + " " + Last().path, "POST /kbs/v0/reference-values");
  EXPECT_EQ(nlohmann::json::parse(Last().body),
            nlohmann::json({{"reference_values",
                             {{{"name", "web"},
                               {"values", {"a"}},
                               {"provenance", "p"},
                               {"expires", "2030-01-01T00:00:00Z"}},
                              {{"name", "web"}, {"values", {"b"}}, {"provenance", ""}}}}}));

  answer_ = {{"reference_values",
              {{{"name", "web"},
                {"values", {"a"}},
                {"expires", "2030-01-01T00:00:00Z"},
                {"provenance", "p"},
                {"updated", "2026-01-01T00:00:00Z"}},
               {{"name", "web"},
                {"values", {"b"}},
                {"expires", nullptr},
                {"provenance", ""},
                {"updated", "2026-01-01T00:00:00Z"}}}}};
  EXPECT_EQ(client.ListReferenceValueEntries().value(), entries);
  answer_ = {{"reference_values", {{{"name", "web"}, {"values", {1}}}}}};
  EXPECT_EQ(client.ListReferenceValueEntries().error().code, ErrorCode::kMalformed);
}

TEST_F(AdminClientTest, AuditEntriesArePagedAndRebuilt) {
  answer_ = {{"entries",
              {{{"sequence", 7},
                {"time", "2026-01-02T03:04:05Z"},
                {"actor", "admin:abc"},
                {"action", "resource.put"},
                {"subject", "prod/key/web"},
                {"details", "{\"bytes\":6}"},
                {"previous_hash", std::string(64, '0')},
                {"hash", std::string(64, 'f')}}}}};
  auto entries = Client().ListAuditEntries(7, 1000);
  ASSERT_TRUE(entries) << entries.error().ToString();
  const Seen seen = Last();
  EXPECT_EQ(seen.method + " " + seen.path + "?" + seen.query,
            "GET /kbs/v0/audit?from=7&limit=1000");
  ASSERT_EQ(entries->size(), 1u);
  EXPECT_EQ((*entries)[0].sequence, 7u);
  EXPECT_EQ((*entries)[0].subject, "prod/key/web");
  EXPECT_EQ((*entries)[0].hash, Bytes(32, 0xff));
}

TEST_F(AdminClientTest, EveryRequestCarriesAFreshShortLivedJwtOfTheAdminKey) {
  const AdminClient client = Client();
  ASSERT_TRUE(client.ListSecrets());
  const std::string first = Last().authorization;
  ASSERT_TRUE(client.ListSecrets());
  const std::string second = Last().authorization;
  ASSERT_EQ(first.rfind("Bearer ", 0), 0u) << first;
  auto jwt = crypto::jose::VerifyJwt(first.substr(7), admin_.GetPublicKey());
  ASSERT_TRUE(jwt) << jwt.error().ToString();
  EXPECT_EQ(jwt->claims["exp"].get<std::int64_t>() - jwt->claims["iat"].get<std::int64_t>(), 60);
  EXPECT_NE(first, second);  // a new jti each time
}

TEST_F(AdminClientTest, ProblemAnswersBecomeErrorsWithTheTrusteesDetail) {
  auto refused = Client().DeleteSecret(Path("denied/key/x"));
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ErrorCode::kPolicyDenied);
  EXPECT_EQ(refused.error().message, "admin key not allowed");
  EXPECT_EQ(refused.error().context, "trustee");
  auto limited = Client().DeleteSecret(Path("limited/key/x"));
  ASSERT_FALSE(limited);
  EXPECT_EQ(limited.error().code, ErrorCode::kUnavailable);
  EXPECT_EQ(limited.error().message,
            "expected at most 10 admin requests per second; retry after 1 s");
}

TEST(AdminClient, AnUnreachableTrusteeIsUnavailable) {
  const SystemClock clock;
  const AdminClient client("http://127.0.0.1:1",
                           crypto::PrivateKey::Generate(crypto::KeyAlgorithm::kEd25519).value(),
                           clock);
  auto answer = client.ListSecrets();
  ASSERT_FALSE(answer);
  EXPECT_EQ(answer.error().code, ErrorCode::kUnavailable);
}

TEST(PolicyKind, NamesTheEndpoints) {
  EXPECT_EQ(PolicyKindName(PolicyKind::kAttestation), "attestation");
  EXPECT_EQ(PolicyKindName(PolicyKind::kResource), "resource");
}

}  // namespace
}  // namespace veil::admin_client
