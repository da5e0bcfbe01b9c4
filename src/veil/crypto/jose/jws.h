#pragma once
// Compact JWS (RFC 7515 section 7.1) with the asymmetric algorithms Veil uses: ES256 (P-256),
// ES384 (P-384), ES512 (P-521) with the raw r||s signature of RFC 7518 section 3.4, and EdDSA
// with Ed25519 (RFC 8037). The algorithm always follows from the key: "none", HMAC (HS*), RSA
// and any "alg" that does not match the verifying key exactly are refused, which closes the
// classic algorithm-confusion attacks. "crit" is refused (no extension is understood).

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "veil/base/bytes.h"
#include "veil/base/result.h"
#include "veil/crypto/private_key.h"
#include "veil/crypto/public_key.h"

namespace veil::crypto::jose {

struct Jws {
  nlohmann::json header;  // the decoded protected header (an object with a string "alg")
  Bytes payload;
};

// Which ECDSA signature encodings VerifyJws accepts. Veil's own tokens are low-S only, so that
// each has one encoding; signers Veil does not control (a CoCo attestation service, whose
// signatures are high-S about half of the time) need kEither, which is safe wherever a token is
// not identified by its bytes.
enum class EcdsaSForm { kLowOnly, kEither };

// "ES256", "ES384", "ES512" or "EdDSA"; kUnsupported for RSA and other keys.
Result<std::string> JwsAlgorithmFor(const PublicKey& key);

// Signs `payload` under `header` (an object; null means {}), to which "alg" is added. A header
// that already names a different "alg" is kInvalidArgument. The header is serialized as JCS.
// ECDSA signatures are made low-S (s <= n/2), the only form VerifyJws accepts.
Result<std::string> SignJws(const PrivateKey& key, nlohmann::json header, ByteSpan payload);

// kMalformed for a token that is not three base64url parts with a JSON object header carrying
// a string "alg"; kUnsupported for "none", HS*, "crit"; kVerificationFailed when "alg" does not
// match `key`, the signature does not verify, or an ECDSA signature has a high S (s > n/2: the
// malleable twin of a valid signature, refused so that each token has one encoding) unless
// `s_form` is kEither.
Result<Jws> VerifyJws(std::string_view compact, const PublicKey& key,
                      EcdsaSForm s_form = EcdsaSForm::kLowOnly);

// NOT VERIFIED: decodes header and payload without checking the signature, for reading a
// header member ("kid", "jwk") that selects the verifying key. Nothing decoded here may be
// trusted until VerifyJws has succeeded with the selected key.
Result<Jws> DecodeJwsUnverified(std::string_view compact);

}  // namespace veil::crypto::jose
