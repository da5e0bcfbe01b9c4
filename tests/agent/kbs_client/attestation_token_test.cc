#include "veil/agent/kbs_client/attestation_token.h"

#include <gtest/gtest.h>

#include "veil/base/base64.h"

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

}  // namespace
}  // namespace veil::agent
