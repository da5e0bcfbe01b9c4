#include "veil/agent/kbs_client/attestation_token.h"

#include <gtest/gtest.h>

#include <unistd.h>

#include <fstream>

#include "veil/agent/kbs_client/token_keys.h"
#include "veil/base/base64.h"
#include "veil/crypto/jose/jwk.h"
#include "veil/crypto/jose/jwt.h"
#include "veil/crypto/private_key.h"

namespace veil::agent {
namespace {

std::string Jwt(const nlohmann::json& payload) {
  return Base64UrlEncode(AsBytes(R"({"alg":"ES256"})")) + "." +
         Base64UrlEncode(AsBytes(payload.dump())) + ".c2ln";
}

TEST(AttestationToken, ReadsExpiryStatusAndDenialReasons) {
  const nlohmann::json claims = {{"exp", 2000000000},
                                 {"submods",
                                  {{"cpu0",
                                    {{"ear.status", "contraindicated"},
                                     {"veil.denial-reasons", {"tpm.pcrs.sha256.23: no match"}}}}}}};
  auto token = ReadAttestationToken(Jwt(claims));
  ASSERT_TRUE(token) << token.error().ToString();
  EXPECT_EQ(token->status, "contraindicated");
  EXPECT_EQ(token->denial_reasons, std::vector<std::string>{"tpm.pcrs.sha256.23: no match"});
  EXPECT_EQ(UnixSeconds(token->expires_at), 2000000000);
}

TEST(AttestationToken, IsNotUsedInItsLastThirtySeconds) {
  auto token = ReadAttestationToken(
      Jwt({{"exp", 1000}, {"submods", {{"cpu0", {{"ear.status", "affirming"}}}}}}));
  ASSERT_TRUE(token);
  EXPECT_TRUE(token->UsableAt(TimePoint(std::chrono::seconds(969))));
  EXPECT_FALSE(token->UsableAt(TimePoint(std::chrono::seconds(970))));
  EXPECT_FALSE(token->UsableAt(TimePoint(std::chrono::seconds(1000))));
}

TEST(AttestationToken, RejectsWhatIsNotAnEarJwt) {
  EXPECT_EQ(ReadAttestationToken("no-dots").error().code, ErrorCode::kMalformed);
  EXPECT_EQ(ReadAttestationToken("a.!!!.c").error().code, ErrorCode::kMalformed);
  EXPECT_NE(ReadAttestationToken(Jwt({{"submods", {{"cpu0", {{"ear.status", "affirming"}}}}}}))
                .error()
                .message.find("exp"),
            std::string::npos);
  EXPECT_NE(ReadAttestationToken(Jwt({{"exp", 5}})).error().message.find("submods"),
            std::string::npos);
  for (std::int64_t exp :
       {std::int64_t{0}, std::int64_t{-1}, std::int64_t{253402300800}, INT64_MAX}) {
    EXPECT_NE(ReadAttestationToken(
                  Jwt({{"exp", exp}, {"submods", {{"cpu0", {{"ear.status", "affirming"}}}}}}))
                  .error()
                  .message.find("is not a time between 1970 and 9999"),
              std::string::npos)
        << exp;
  }
  EXPECT_NE(
      ReadAttestationToken(Jwt({{"exp", 5}, {"submods", {{"cpu0", nlohmann::json::object()}}}}))
          .error()
          .message.find("ear.status"),
      std::string::npos);
}

const nlohmann::json kAffirming = {{"exp", 2000000000},
                                   {"submods", {{"cpu0", {{"ear.status", "affirming"}}}}}};

TEST(AttestationToken, AnExpiryPastTheYear2262SaturatesInsteadOfOverflowing) {
  // 9999-12-31 is a valid exp, but nanoseconds since 1970 in 64 bits end in 2262.
  auto token = ReadAttestationToken(Jwt({{"exp", std::int64_t{253402300799}},
                                         {"submods", {{"cpu0", {{"ear.status", "affirming"}}}}}}));
  ASSERT_TRUE(token) << token.error().ToString();
  EXPECT_EQ(token->expires_at, TimePoint::max());
  EXPECT_TRUE(token->UsableAt(SystemClock().Now()));
  auto just_after = ReadAttestationToken(Jwt(
      {{"exp", std::int64_t{9223372037}}, {"submods", {{"cpu0", {{"ear.status", "affirming"}}}}}}));
  ASSERT_TRUE(just_after);
  EXPECT_EQ(just_after->expires_at, TimePoint::max());
  EXPECT_TRUE(just_after->UsableAt(SystemClock().Now()));
}

TEST(AttestationToken, ForgedLogLinesInTheTrusteesReasonsAreEscaped) {
  // Issue 19: newlines and ANSI escapes in a reason forged "launching" and "workload exited" lines.
  const std::string forged =
      "no match\nveil-agent info: launching ./run.sh\r\x1b[2Kveil-agent info: workload exited "
      "with 0";
  auto token = ReadAttestationToken(Jwt(
      {{"exp", 2000000000},
       {"submods",
        {{"cpu0", {{"ear.status", "contra\nindicated"}, {"veil.denial-reasons", {forged}}}}}}}));
  ASSERT_TRUE(token);
  ASSERT_EQ(token->denial_reasons.size(), 1u);
  for (char c : token->denial_reasons[0]) EXPECT_TRUE(c >= 0x20 && c < 0x7f) << int(c);
  EXPECT_NE(token->denial_reasons[0].find("no match\\x0aveil-agent"), std::string::npos);
  auto refused = RequireTrustworthy(*token);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ErrorCode::kPolicyDenied);
  for (char c : refused.error().message) EXPECT_TRUE(c >= 0x20 && c < 0x7f) << int(c);
  EXPECT_NE(refused.error().message.find("appraised this TEE as contra\\x0aindicated: no match"),
            std::string::npos)
      << refused.error().message;
}

TEST(AttestationToken, OnlyAffirmingAndWarningAreTrustworthy) {
  for (const char* status : {"affirming", "warning"}) {
    AttestationToken token;
    token.status = status;
    EXPECT_TRUE(RequireTrustworthy(token)) << status;
  }
  for (const char* status : {"contraindicated", "none", "Affirming", ""}) {
    AttestationToken token;
    token.status = status;
    EXPECT_FALSE(RequireTrustworthy(token)) << status;
  }
}

class PinnedTokenKey : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::path(::testing::TempDir()) / ("token-key-" + std::to_string(getpid()));
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  std::filesystem::path Write(const std::string& name, const std::string& text) const {
    std::ofstream(dir_ / name) << text;
    return dir_ / name;
  }

  crypto::PrivateKey trustee_ = crypto::PrivateKey::Generate(crypto::KeyAlgorithm::kEcP256).value();
  crypto::PrivateKey other_ = crypto::PrivateKey::Generate(crypto::KeyAlgorithm::kEcP256).value();
  std::filesystem::path dir_;
};

TEST_F(PinnedTokenKey, ATokenSignedByTheTrusteeIsRead) {
  const std::string jwt = crypto::jose::SignJwt(trustee_, nullptr, kAffirming).value();
  auto keys = LoadTokenKeys(Write("trustee.pem", trustee_.GetPublicKey().ToPem()));
  ASSERT_TRUE(keys) << keys.error().ToString();
  auto token = ReadAttestationToken(jwt, *keys);
  ASSERT_TRUE(token) << token.error().ToString();
  EXPECT_EQ(token->status, "affirming");
}

TEST_F(PinnedTokenKey, ATokenSignedByAnotherKeyIsRefusedBeforeItsStatusIsRead) {
  // Issue 19: over plain HTTP a machine in the middle could claim "affirming".
  const std::string forged = crypto::jose::SignJwt(other_, nullptr, kAffirming).value();
  auto keys = LoadTokenKeys(Write("trustee.pem", trustee_.GetPublicKey().ToPem()));
  ASSERT_TRUE(keys);
  auto token = ReadAttestationToken(forged, *keys);
  ASSERT_FALSE(token);
  EXPECT_EQ(token.error().code, ErrorCode::kVerificationFailed);
  EXPECT_NE(token.error().message.find("not signed by the pinned trustee key"), std::string::npos)
      << token.error().message;
  // An unsigned token ("alg": "none" style, as the old reader accepted) is refused too.
  EXPECT_FALSE(ReadAttestationToken(Jwt(kAffirming), *keys));
}

TEST_F(PinnedTokenKey, TheKeyMayBeAJwkOrTheTrusteesJwkSet) {
  const nlohmann::json jwk = crypto::jose::PublicKeyToJwk(trustee_.GetPublicKey()).value();
  const nlohmann::json other_jwk = crypto::jose::PublicKeyToJwk(other_.GetPublicKey()).value();
  const std::string jwt = crypto::jose::SignJwt(trustee_, nullptr, kAffirming).value();
  auto single = LoadTokenKeys(Write("key.jwk", jwk.dump()));
  ASSERT_TRUE(single) << single.error().ToString();
  EXPECT_TRUE(ReadAttestationToken(jwt, *single));
  auto set = LoadTokenKeys(Write("jwks.json", nlohmann::json{{"keys", {other_jwk, jwk}}}.dump()));
  ASSERT_TRUE(set) << set.error().ToString();
  EXPECT_EQ(set->size(), 2u);
  EXPECT_TRUE(ReadAttestationToken(jwt, *set));
}

TEST_F(PinnedTokenKey, AFileWithoutAKeyIsAConfigurationError) {
  for (const char* text :
       {"", "not a key", "{\"keys\": []}", "{\"kty\": \"oct\", \"k\": \"AA\"}"}) {
    auto keys = LoadTokenKeys(Write("bad", text));
    ASSERT_FALSE(keys) << text;
    EXPECT_EQ(keys.error().code, ErrorCode::kInvalidArgument) << text;
    EXPECT_NE(keys.error().message.find("trustee.token_key"), std::string::npos);
  }
  EXPECT_FALSE(LoadTokenKeys(dir_ / "missing"));
}

}  // namespace
}  // namespace veil::agent
