#pragma once
// Sealed secrets in CoCo's exact wire form, made by hand (shell tools and openssl, not Veil's
// builder) from guest-components' confidential-data-hub secret module:
//   printf %s '<payload JSON>' | basenc --base64url -w0 | tr -d =
// and, for the signed one, `openssl dgst -sha256 -sign` over "<header>.<payload>" with the DER
// signature rewritten as raw r||s. Its header lists "kid" before "alg" and its S is high
// (s > n/2): CDH accepts both, so Veil must too.

#include <string_view>

namespace veil::sealed_secret::testdata {

// {"version":"0.1.0","type":"vault","name":"kbs:///default/sealed-secret/test",
//  "provider":"kbs","provider_settings":{},"annotations":{}}, unsigned.
inline constexpr std::string_view kUnsignedVault =
    "sealed.fakejwsheader."
    "eyJ2ZXJzaW9uIjoiMC4xLjAiLCJ0eXBlIjoidmF1bHQiLCJuYW1lIjoia2JzOi8vL2RlZmF1bHQvc2VhbGVkLXNlY3"
    "JldC90ZXN0IiwicHJvdmlkZXIiOiJrYnMiLCJwcm92aWRlcl9zZXR0aW5ncyI6e30sImFubm90YXRpb25zIjp7fX0"
    ".fakesignature";

// Header {"kid":"kbs:///default/signing-key/pub","alg":"ES256"}; payload the vault secret for
// kbs:///default/db/password; signed with the key whose public half is kSignerPublicPem.
inline constexpr std::string_view kSignedVault =
    "sealed.eyJraWQiOiJrYnM6Ly8vZGVmYXVsdC9zaWduaW5nLWtleS9wdWIiLCJhbGciOiJFUzI1NiJ9."
    "eyJ2ZXJzaW9uIjoiMC4xLjAiLCJ0eXBlIjoidmF1bHQiLCJuYW1lIjoia2JzOi8vL2RlZmF1bHQvZGIvcGFzc3dvcm"
    "QiLCJwcm92aWRlciI6ImticyIsInByb3ZpZGVyX3NldHRpbmdzIjp7fSwiYW5ub3RhdGlvbnMiOnt9fQ."
    "OFAjvCZtc3eNXUKqlClkkomCX38-4FqwVlNYGmzQi865nAOHBeqDIgIGYy1seyUWr6Ax9mR57yxAEUhcTC7G5A";

inline constexpr std::string_view kSignerPublicPem =
    "-----BEGIN PUBLIC KEY-----\n"
    "MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE1K4gCw5ISx9WlNCxQZBiOTSzKc4P\n"
    "G4gOfMQlYTi8AjsPYccpdXQEdk3LTOy/PDhXZP7nyEzx8f94d/RNakypcg==\n"
    "-----END PUBLIC KEY-----\n";

// Another P-256 public key: the wrong one.
inline constexpr std::string_view kOtherPublicPem =
    "-----BEGIN PUBLIC KEY-----\n"
    "MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE2+0XXa/juyfZ7EP4j146sfaVdSp7\n"
    "CZoTKnFxxSf6K8/ncPRMcaKgWccCt8+IpYo0TtW/RMk7nIUxeVA2AZr84A==\n"
    "-----END PUBLIC KEY-----\n";

}  // namespace veil::sealed_secret::testdata
