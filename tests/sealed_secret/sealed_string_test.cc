#include "veil/sealed_secret/sealed_string.h"

#include <gtest/gtest.h>

#include "reference_strings.h"
#include "veil/base/base64.h"

namespace veil::sealed_secret {
namespace {

std::string B64(std::string_view text) { return Base64UrlEncode(AsBytes(text)); }

const std::string kPayload =
    B64(R"({"version":"0.1.0","type":"vault","name":"kbs:///a/b/c","provider":"kbs",)"
        R"("provider_settings":{},"annotations":{}})");
const std::string kHeader = B64(R"({"alg":"ES256","kid":"kbs:///a/key/pub"})");
const std::string kSignature = B64(std::string(64, 'S'));

TEST(SealedString, ParsesCocosUnsignedForm) {
  const Result<SealedSecret> sealed = ParseSealedSecret(testdata::kUnsignedVault);
  ASSERT_TRUE(sealed) << sealed.error().ToString();
  EXPECT_FALSE(sealed->signature.has_value());
  EXPECT_EQ(sealed->secret.version, "0.1.0");
  const auto& vault = std::get<VaultSecret>(sealed->secret.content);
  EXPECT_EQ(vault.name, "kbs:///default/sealed-secret/test");
  EXPECT_EQ(vault.provider, "kbs");
}

TEST(SealedString, ParsesASignedOneWithoutVerifyingIt) {
  const Result<SealedSecret> sealed = ParseSealedSecret(testdata::kSignedVault);
  ASSERT_TRUE(sealed) << sealed.error().ToString();
  ASSERT_TRUE(sealed->signature.has_value());
  EXPECT_EQ(sealed->signature->alg, "ES256");
  EXPECT_EQ(sealed->signature->kid, "kbs:///default/signing-key/pub");
  EXPECT_EQ(sealed->signature->jws, testdata::kSignedVault.substr(kSealedPrefix.size()));
  EXPECT_EQ(sealed->signature->signature.size(), 64u);
  EXPECT_EQ(std::get<VaultSecret>(sealed->secret.content).name, "kbs:///default/db/password");
}

struct BadSealed {
  std::string text;
  ErrorCode code;
  std::string message;
};

class SealedStringRejects : public ::testing::TestWithParam<BadSealed> {};

TEST_P(SealedStringRejects, WithItsOwnError) {
  const Result<SealedSecret> sealed = ParseSealedSecret(GetParam().text);
  ASSERT_FALSE(sealed) << GetParam().text;
  EXPECT_EQ(sealed.error().code, GetParam().code) << sealed.error().ToString();
  EXPECT_NE(sealed.error().ToString().find(GetParam().message), std::string::npos)
      << sealed.error().ToString();
  EXPECT_EQ(sealed.error().context, "sealed secret");
}

std::string Signed(const std::string& header, const std::string& payload,
                   const std::string& signature) {
  return "sealed." + header + "." + payload + "." + signature;
}

INSTANTIATE_TEST_SUITE_P(
    Parts, SealedStringRejects,
    ::testing::Values(
        // The prefix.
        BadSealed{"", ErrorCode::kMalformed, "does not start with \"sealed.\""},
        BadSealed{"fakejwsheader." + kPayload + ".fakesignature", ErrorCode::kMalformed,
                  "does not start with \"sealed.\""},
        BadSealed{"Sealed.fakejwsheader." + kPayload + ".fakesignature", ErrorCode::kMalformed,
                  "does not start with \"sealed.\""},
        // The part count.
        BadSealed{"sealed.", ErrorCode::kMalformed, "2 '.'-separated parts, expected four"},
        BadSealed{"sealed.fakejwsheader." + kPayload, ErrorCode::kMalformed,
                  "3 '.'-separated parts"},
        BadSealed{"sealed.sealed.fakejwsheader." + kPayload + ".fakesignature",
                  ErrorCode::kMalformed, "more than four"},
        BadSealed{Signed(kHeader, kPayload, kSignature) + ".", ErrorCode::kMalformed,
                  "more than four"},
        // The unsigned placeholders come in pairs.
        BadSealed{"sealed.fakejwsheader." + kPayload + "." + kSignature, ErrorCode::kMalformed,
                  "placeholder header \"fakejwsheader\" with a signature"},
        BadSealed{Signed(kHeader, kPayload, "fakesignature"), ErrorCode::kMalformed,
                  "placeholder signature \"fakesignature\" with a header"},
        // base64url of each part.
        BadSealed{Signed("e$J", kPayload, kSignature), ErrorCode::kMalformed, "header: "},
        BadSealed{Signed(kHeader + "=", kPayload, kSignature), ErrorCode::kMalformed,
                  "header: base64url must not be padded"},
        BadSealed{"sealed.fakejwsheader." + kPayload + "+.fakesignature", ErrorCode::kMalformed,
                  "payload: "},
        BadSealed{"sealed.fakejwsheader." + kPayload + "==.fakesignature", ErrorCode::kMalformed,
                  "payload: base64url must not be padded"},
        BadSealed{Signed(kHeader, kPayload, "ab/c"), ErrorCode::kMalformed, "signature: "},
        BadSealed{Signed(kHeader, kPayload, ""), ErrorCode::kMalformed, "signature: empty"},
        // The header's JSON.
        BadSealed{Signed(B64("not json"), kPayload, kSignature), ErrorCode::kMalformed,
                  "header: invalid JSON"},
        BadSealed{Signed(B64("[\"ES256\"]"), kPayload, kSignature), ErrorCode::kMalformed,
                  "header: not a JSON object"},
        BadSealed{Signed(B64(R"({"kid":"k"})"), kPayload, kSignature), ErrorCode::kMalformed,
                  "header: missing string member \"alg\""},
        BadSealed{Signed(B64(R"({"alg":"ES256"})"), kPayload, kSignature), ErrorCode::kMalformed,
                  "header: missing string member \"kid\""},
        BadSealed{Signed(B64(R"({"alg":"ES256","kid":5})"), kPayload, kSignature),
                  ErrorCode::kMalformed, "header: member \"kid\""},
        // The payload's JSON.
        BadSealed{"sealed.fakejwsheader." + B64("{") + ".fakesignature", ErrorCode::kMalformed,
                  "payload: invalid JSON"},
        BadSealed{"sealed.fakejwsheader." + B64("\"vault\"") + ".fakesignature",
                  ErrorCode::kMalformed, "payload: the secret is not a JSON object"},
        BadSealed{"sealed.fakejwsheader." +
                      B64(R"({"version":"0.0.9","type":"vault","name":"n","provider":"kbs",)"
                          R"("provider_settings":{},"annotations":{}})") +
                      ".fakesignature",
                  ErrorCode::kUnsupported, "payload: sealed secret version \"0.0.9\""},
        BadSealed{"sealed.fakejwsheader." +
                      B64(R"({"version":"0.1.0","type":"file","name":"n","provider":"kbs",)"
                          R"("provider_settings":{},"annotations":{}})") +
                      ".fakesignature",
                  ErrorCode::kUnsupported, "payload: sealed secret type \"file\""},
        // The size bound.
        BadSealed{
            "sealed.fakejwsheader." + std::string(kMaxSealedSecretSize, 'A') + ".fakesignature",
            ErrorCode::kMalformed, "bytes, more than the"}));

// Every proper prefix of a valid unsigned sealed secret is refused: the placeholder signature
// is cut or the payload no longer decodes to the JSON object.
TEST(SealedString, EveryTruncationOfAnUnsignedOneFails) {
  const std::string_view text = testdata::kUnsignedVault;
  for (std::size_t size = 0; size < text.size(); ++size) {
    EXPECT_FALSE(ParseSealedSecret(text.substr(0, size))) << size;
  }
}

}  // namespace
}  // namespace veil::sealed_secret
