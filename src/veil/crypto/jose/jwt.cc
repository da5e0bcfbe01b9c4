#include "veil/crypto/jose/jwt.h"

#include "veil/crypto/jose/jws.h"
#include "veil/json/jcs.h"
#include "veil/json/member.h"
#include "veil/json/parse.h"

namespace veil::crypto::jose {
namespace {

Result<Jwt> ClaimsOf(Jws jws) {
  VEIL_ASSIGN_OR_RETURN(const std::optional<std::string> cty,
                        json::OptionalString(jws.header, "cty"));
  if (cty && (*cty == "JWT" || *cty == "jwt"))
    return Fail(Unsupported("nested JWTs (cty \"JWT\") are not supported"));
  const std::string_view text(reinterpret_cast<const char*>(jws.payload.data()),
                              jws.payload.size());
  VEIL_ASSIGN_OR_RETURN(nlohmann::json claims, json::ParseJsonObject(text, "JWT claims"));
  return Jwt{std::move(jws.header), std::move(claims)};
}

Result<Jwt> InJwt(Result<Jwt> result) {
  return std::move(result).map_error(
      [](Error error) { return std::move(error).WithContext("jwt"); });
}

}  // namespace

Result<std::string> SignJwt(const PrivateKey& key, const nlohmann::json& extra_header,
                            const nlohmann::json& claims) {
  if (!claims.is_object()) {
    return Fail(
        InvalidArgument(std::string("JWT claims must be an object, got ") + claims.type_name()));
  }
  if (!extra_header.is_null() && !extra_header.is_object()) {
    return Fail(InvalidArgument(std::string("JWT header must be an object, got ") +
                                extra_header.type_name()));
  }
  nlohmann::json header = {{"typ", "JWT"}};
  if (extra_header.is_object()) header.update(extra_header);
  VEIL_ASSIGN_OR_RETURN(const std::string payload, json::CanonicalizeJcs(claims));
  return SignJws(key, std::move(header), AsBytes(payload));
}

Result<Jwt> VerifyJwt(std::string_view token, const PublicKey& key, EcdsaSForm s_form) {
  VEIL_ASSIGN_OR_RETURN(Jws jws, VerifyJws(token, key, s_form));
  return InJwt(ClaimsOf(std::move(jws)));
}

Result<Jwt> DecodeJwtUnverified(std::string_view token) {
  VEIL_ASSIGN_OR_RETURN(Jws jws, DecodeJwsUnverified(token));
  return InJwt(ClaimsOf(std::move(jws)));
}

}  // namespace veil::crypto::jose
