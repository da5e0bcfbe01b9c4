#include "veil/admin/admin_authenticator.h"

#include "veil/crypto/jose/jwt.h"
#include "veil/crypto/jose/jwt_time.h"
#include "veil/kbs/http_mapping.h"
#include "veil/protocol/admin_identity.h"

namespace veil::admin {
namespace {

Error Refused(std::string message) {
  return Error{ErrorCode::kPolicyDenied, std::move(message), "admin"};
}

}  // namespace

AdminAuthenticator::AdminAuthenticator(std::vector<crypto::PublicKey> keys, const Clock& clock,
                                       std::chrono::seconds max_age)
    : keys_(std::move(keys)), clock_(clock), max_age_(max_age) {
  for (const auto& key : keys_) {
    auto actor = protocol::AdminActor(key);
    actors_.push_back(actor ? *actor : "admin:" + key.Describe());
  }
}

Result<std::string> AdminAuthenticator::Authenticate(const http::Request& request) const {
  if (keys_.empty())
    return Fail(Refused("no admin key is configured (--admin-key or [admin] public_keys)"));
  const auto token = kbs::BearerToken(request);
  if (!token)
    return Fail(
        Refused("admin requests need \"Authorization: Bearer <JWT signed by an admin key>\""));
  for (std::size_t i = 0; i < keys_.size(); ++i) {
    auto jwt = crypto::jose::VerifyJwt(*token, keys_[i]);
    if (!jwt) continue;
    const TimePoint now = clock_.Now();
    if (auto times = crypto::jose::CheckJwtTimes(jwt->claims, now, std::chrono::seconds(30));
        !times) {
      return Fail(Refused("admin token refused: " + times.error().message));
    }
    if (!jwt->claims.contains("iat") || !jwt->claims["iat"].is_number_integer()) {
      return Fail(Refused("admin token refused: it has no integer \"iat\""));
    }
    const std::int64_t age = UnixSeconds(now) - jwt->claims["iat"].get<std::int64_t>();
    if (age > max_age_.count()) {
      return Fail(Refused("admin token refused: issued " + std::to_string(age) +
                          " s ago, more than the " + std::to_string(max_age_.count()) +
                          " s allowed"));
    }
    return actors_[i];
  }
  return Fail(Refused("admin token is not signed by any configured admin key"));
}

}  // namespace veil::admin
