#include "veil/sealed_secret/secret.h"

#include <gtest/gtest.h>

namespace veil::sealed_secret {
namespace {

// The payload CoCo's own tools write for a kbs vault secret (compact, serde's member order),
// typed by hand from guest-components' SEALED_SECRET.md and its Secret/VaultSecret structs.
constexpr std::string_view kCocoVaultJson =
    R"({"version":"0.1.0","type":"vault","name":"kbs:///default/sealed-secret/test",)"
    R"("provider":"kbs","provider_settings":{},"annotations":{}})";

protocol::ResourcePath Path(std::string_view text) {
  return protocol::ResourcePath::Parse(text).value();
}

TEST(Secret, KbsVaultSecretSerializesAsCocoWritesIt) {
  const Secret secret = KbsVaultSecret(Path("default/sealed-secret/test"));
  EXPECT_EQ(SecretTypeName(secret), "vault");
  EXPECT_EQ(SerializeSecret(secret).value(), kCocoVaultJson);
}

TEST(Secret, ParsesAPrettyVaultSecretInAnyMemberOrder) {
  const Result<Secret> secret = ParseSecret(R"({
    "annotations": {"note": 1},
    "provider": "kbs",
    "type": "vault",
    "name": "kbs:///one/2/trois",
    "version": "0.1.0",
    "provider_settings": {},
    "future_member": true
  })");
  ASSERT_TRUE(secret) << secret.error().ToString();
  const auto& vault = std::get<VaultSecret>(secret->content);
  EXPECT_EQ(vault.name, "kbs:///one/2/trois");
  EXPECT_EQ(vault.provider, "kbs");
  EXPECT_EQ(vault.annotations, (nlohmann::json{{"note", 1}}));
  EXPECT_TRUE(vault.provider_settings.empty());
}

TEST(Secret, EnvelopeRoundTripsInCdhMemberOrder) {
  constexpr std::string_view kEnvelope =
      R"({"version":"0.1.0","type":"envelope","key_id":"k1","encrypted_key":"ZWs=",)"
      R"("encrypted_data":"ZWQ=","wrap_type":"A256GCM","iv":"aXY=","provider":"aliyun",)"
      R"("provider_settings":{"region":"x"},"annotations":{}})";
  const Result<Secret> secret = ParseSecret(kEnvelope);
  ASSERT_TRUE(secret) << secret.error().ToString();
  const auto& envelope = std::get<EnvelopeSecret>(secret->content);
  EXPECT_EQ(envelope.key_id, "k1");
  EXPECT_EQ(envelope.wrap_type, WrapType::kA256Gcm);
  EXPECT_EQ(envelope.iv, "aXY=");
  EXPECT_EQ(SerializeSecret(*secret).value(), kEnvelope);
}

struct BadPayload {
  std::string json;
  ErrorCode code;
  std::string message;
};

class SecretRejects : public ::testing::TestWithParam<BadPayload> {};

TEST_P(SecretRejects, WithItsOwnError) {
  const Result<Secret> secret = ParseSecret(GetParam().json);
  ASSERT_FALSE(secret) << GetParam().json;
  EXPECT_EQ(secret.error().code, GetParam().code) << secret.error().ToString();
  EXPECT_NE(secret.error().message.find(GetParam().message), std::string::npos)
      << secret.error().ToString();
}

constexpr const char* kVaultRest =
    R"("name":"kbs:///a/b/c","provider":"kbs","provider_settings":{},"annotations":{}})";

INSTANTIATE_TEST_SUITE_P(
    Payloads, SecretRejects,
    ::testing::Values(
        BadPayload{"[1]", ErrorCode::kMalformed, "not a JSON object"},
        BadPayload{"{\"version\":", ErrorCode::kMalformed, "invalid JSON"},
        BadPayload{std::string(R"({"type":"vault",)") + kVaultRest, ErrorCode::kMalformed,
                   "\"version\""},
        BadPayload{std::string(R"({"version":1,"type":"vault",)") + kVaultRest,
                   ErrorCode::kMalformed, "\"version\""},
        BadPayload{std::string(R"({"version":"0.2.0","type":"vault",)") + kVaultRest,
                   ErrorCode::kUnsupported, "version \"0.2.0\""},
        BadPayload{std::string(R"({"version":"0.1.0",)") + kVaultRest, ErrorCode::kMalformed,
                   "\"type\""},
        BadPayload{std::string(R"({"version":"0.1.0","type":"kms",)") + kVaultRest,
                   ErrorCode::kUnsupported, "type \"kms\""},
        BadPayload{R"({"version":"0.1.0","type":"vault","provider":"kbs",)"
                   R"("provider_settings":{},"annotations":{}})",
                   ErrorCode::kMalformed, "\"name\""},
        BadPayload{R"({"version":"0.1.0","type":"vault","name":7,"provider":"kbs",)"
                   R"("provider_settings":{},"annotations":{}})",
                   ErrorCode::kMalformed, "\"name\""},
        BadPayload{R"({"version":"0.1.0","type":"vault","name":"n",)"
                   R"("provider_settings":{},"annotations":{}})",
                   ErrorCode::kMalformed, "\"provider\""},
        BadPayload{R"({"version":"0.1.0","type":"vault","name":"n","provider":"kbs",)"
                   R"("annotations":{}})",
                   ErrorCode::kMalformed, "\"provider_settings\""},
        BadPayload{R"({"version":"0.1.0","type":"vault","name":"n","provider":"kbs",)"
                   R"("provider_settings":[],"annotations":{}})",
                   ErrorCode::kMalformed, "\"provider_settings\""},
        BadPayload{R"({"version":"0.1.0","type":"vault","name":"n","provider":"kbs",)"
                   R"("provider_settings":{}})",
                   ErrorCode::kMalformed, "\"annotations\""},
        BadPayload{R"({"version":"0.1.0","type":"envelope","key_id":"k","encrypted_key":"",)"
                   R"("encrypted_data":"","wrap_type":"A128GCM","iv":"","provider":"p",)"
                   R"("provider_settings":{},"annotations":{}})",
                   ErrorCode::kUnsupported, "wrap_type \"A128GCM\""},
        BadPayload{R"({"version":"0.1.0","type":"envelope","encrypted_key":"",)"
                   R"("encrypted_data":"","wrap_type":"A256GCM","iv":"","provider":"p",)"
                   R"("provider_settings":{},"annotations":{}})",
                   ErrorCode::kMalformed, "\"key_id\""},
        BadPayload{
            std::string(R"({"version":"0.1.0","version":"0.1.0","type":"vault",)") + kVaultRest,
            ErrorCode::kMalformed, "duplicate"}));

TEST(Secret, SerializeRefusesSettingsThatAreNotAnObject) {
  Secret secret = KbsVaultSecret(Path("a/b/c"));
  std::get<VaultSecret>(secret.content).provider_settings = nlohmann::json::array();
  const Result<std::string> json = SerializeSecret(secret);
  ASSERT_FALSE(json);
  EXPECT_EQ(json.error().code, ErrorCode::kInvalidArgument);
  EXPECT_NE(json.error().message.find("provider_settings"), std::string::npos);
}

}  // namespace
}  // namespace veil::sealed_secret
