#pragma once
// JSON Web Tokens (RFC 7519) as compact JWS (see jws.h for the algorithms). Claims are a JSON
// object serialized as JCS. Time claims are checked separately (jwt_time.h) so that callers
// decide the clock and the leeway.

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "veil/base/result.h"
#include "veil/crypto/jose/jws.h"
#include "veil/crypto/private_key.h"
#include "veil/crypto/public_key.h"

namespace veil::crypto::jose {

struct Jwt {
  nlohmann::json header;
  nlohmann::json claims;  // always an object
};

// Header = {"alg": <from the key>, "typ": "JWT"} plus the members of `extra_header` (an object
// or null; e.g. "jwk", "kid"; its "typ" replaces "JWT", an "alg" must match the key).
// kInvalidArgument when `claims` is not an object or cannot be canonicalized.
Result<std::string> SignJwt(const PrivateKey& key, const nlohmann::json& extra_header,
                            const nlohmann::json& claims);

// VerifyJws, then the payload must be a JSON object (kMalformed). Nested JWTs (cty "JWT") are
// kUnsupported. Does not look at exp/nbf/iat: call CheckJwtTimes.
Result<Jwt> VerifyJwt(std::string_view token, const PublicKey& key,
                      EcdsaSForm s_form = EcdsaSForm::kLowOnly);

// NOT VERIFIED: header and claims of a token whose signature has not been checked, e.g. to
// read the header's "jwk" or "kid" and pick the verifying key. Trust nothing from it until
// VerifyJwt succeeds with a key chosen by policy, not merely the one the token names.
Result<Jwt> DecodeJwtUnverified(std::string_view token);

}  // namespace veil::crypto::jose
