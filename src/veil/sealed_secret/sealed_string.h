#pragma once
// The string form of a CoCo sealed secret, as a Kubernetes Secret value or an environment
// variable carries it to the Kata agent, which hands every value starting with "sealed." to
// confidential-data-hub (CDH):
//   sealed.<BASE64URL(header)>.<BASE64URL(payload)>.<BASE64URL(signature)>
// i.e. "sealed." and a compact JWS (RFC 7515 section 7.1) whose payload is the secret JSON
// (secret.h). Signed: the header is a JSON object with "alg" (CDH verifies ES256 only) and
// "kid" (which key verifies it; see verify.h); the signature is ES256's raw r||s over the
// ASCII of "<header>.<payload>". Unsigned: the header and signature parts are the literal
// placeholders "fakejwsheader" and "fakesignature", which CDH unseals only when configured
// with skip_sealed_secret_verification.
//
// Parsing is stricter than CDH in two ways, so that a string Veil accepts CDH accepts too:
// exactly one "sealed." prefix (CDH strips any number), and an unsigned secret's placeholders
// must be exactly those two words (a CDH that skips verification ignores those parts).

#include <optional>
#include <string>
#include <string_view>

#include "veil/base/bytes.h"
#include "veil/base/result.h"
#include "veil/sealed_secret/secret.h"

namespace veil::sealed_secret {

inline constexpr std::string_view kSealedPrefix = "sealed.";
inline constexpr std::string_view kUnsignedHeader = "fakejwsheader";
inline constexpr std::string_view kUnsignedSignature = "fakesignature";
// Far above any real one (a vault secret is ~150 bytes, an envelope holds one encrypted
// value); bounds what a hostile manifest or file can make the parser allocate.
inline constexpr std::size_t kMaxSealedSecretSize = std::size_t{1} << 20;

// The signature part of a signed sealed secret, decoded but NOT verified.
struct SealedSignature {
  nlohmann::json header;  // the protected header, a JSON object
  std::string alg;        // its "alg"
  std::string kid;        // its "kid"
  std::string jws;        // the compact JWS: the sealed string without "sealed."
  Bytes signature;
};

struct SealedSecret {
  Secret secret;
  std::optional<SealedSignature> signature;  // nullopt: unsigned
};

// NOT VERIFIED: the secret and, for a signed one, what verify.h needs. Each malformed part has
// its own kMalformed message: no "sealed." prefix, not four '.'-separated parts, a part that
// is not unpadded base64url (naming the part), a header that is not a JSON object or lacks a
// string "alg" or "kid" (CDH requires both), only one of the two unsigned placeholders, an
// empty signature; the payload's errors are ParseSecret's (kMalformed, or kUnsupported for an
// unknown version or type). kMalformed over kMaxSealedSecretSize.
Result<SealedSecret> ParseSealedSecret(std::string_view text);

}  // namespace veil::sealed_secret
