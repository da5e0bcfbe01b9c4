#include "veil/admin/admin_authenticator.h"

#include <limits>
#include <optional>

#include "veil/crypto/jose/jwt.h"
#include "veil/crypto/jose/jwt_time.h"
#include "veil/kbs/http_mapping.h"
#include "veil/protocol/admin_identity.h"

namespace veil::admin {
namespace {

Error Refused(std::string message) {
  return Error{ErrorCode::kPolicyDenied, std::move(message), "admin"};
}

constexpr std::chrono::seconds kLeeway{30};
constexpr std::size_t kMaxJtiChars = 128;

// "iat" as a signed Unix second; an unsigned value past int64 would wrap in get<int64_t>.
Result<std::int64_t> IssuedAt(const nlohmann::json& claims) {
  const auto iat = claims.find("iat");
  if (iat == claims.end() || !iat->is_number_integer())
    return Fail(Refused("admin token refused: it has no integer \"iat\""));
  if (iat->is_number_unsigned() &&
      iat->get<std::uint64_t>() >
          static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) {
    return Fail(Refused("admin token refused: \"iat\" " + iat->dump() + " is out of range"));
  }
  return iat->get<std::int64_t>();
}

// Checked: `now - iat` overflows for an iat near -2^63, and a wrapped age would look fresh.
Status CheckAge(std::int64_t now, std::int64_t iat, std::chrono::seconds max_age) {
  std::int64_t age = 0;
  if (__builtin_sub_overflow(now, iat, &age) || age > max_age.count()) {
    return Fail(Refused("admin token refused: issued at " + std::to_string(iat) +
                        " (Unix seconds), more than the " + std::to_string(max_age.count()) +
                        " s allowed before now (" + std::to_string(now) + ")"));
  }
  return {};
}

// The token's "jti"; nullopt when it has none and reusable tokens are allowed.
Result<std::optional<std::string>> TokenId(const nlohmann::json& claims, bool reusable_tokens) {
  const auto jti = claims.find("jti");
  if (jti == claims.end() && reusable_tokens) return std::optional<std::string>();
  if (jti == claims.end() || !jti->is_string()) {
    return Fail(Refused(
        "admin token refused: it has no string \"jti\"; admin tokens must carry a unique id "
        "and are single-use (the veil CLI adds one). Tokens without \"jti\", such as CoCo's "
        "kbs-client admin token, are accepted only with [admin] reusable_tokens = true"));
  }
  const auto& id = jti->get_ref<const std::string&>();
  if (id.empty() || id.size() > kMaxJtiChars) {
    return Fail(Refused("admin token refused: expected a \"jti\" of 1.." +
                        std::to_string(kMaxJtiChars) + " characters, got " +
                        std::to_string(id.size())));
  }
  return std::optional<std::string>(id);
}

Status CheckIssuer(const nlohmann::json& claims, const std::optional<std::string>& issuer) {
  if (!issuer) return {};
  const auto iss = claims.find("iss");
  if (iss != claims.end() && iss->is_string() && iss->get_ref<const std::string&>() == *issuer)
    return {};
  return Fail(Refused("admin token refused: expected \"iss\" \"" + *issuer +
                      "\" ([admin] issuer), got " +
                      (iss == claims.end() ? std::string("none") : iss->dump())));
}

bool HasAudience(const nlohmann::json& aud, const std::string& audience) {
  if (aud.is_string()) return aud.get_ref<const std::string&>() == audience;
  if (!aud.is_array()) return false;
  for (const auto& entry : aud) {
    if (entry.is_string() && entry.get_ref<const std::string&>() == audience) return true;
  }
  return false;
}

Status CheckAudience(const nlohmann::json& claims, const std::optional<std::string>& audience) {
  if (!audience) return {};
  const auto aud = claims.find("aud");
  if (aud != claims.end() && HasAudience(*aud, *audience)) return {};
  return Fail(Refused("admin token refused: expected \"aud\" to be or contain \"" + *audience +
                      "\" ([admin] audience), got " +
                      (aud == claims.end() ? std::string("none") : aud->dump())));
}

// Saturating: the replay guard needs a bound, not an exact sum.
std::int64_t SaturatingAdd(std::int64_t a, std::int64_t b) {
  std::int64_t sum = 0;
  if (!__builtin_add_overflow(a, b, &sum)) return sum;
  return b > 0 ? std::numeric_limits<std::int64_t>::max()
               : std::numeric_limits<std::int64_t>::min();
}

}  // namespace

AdminAuthenticator::AdminAuthenticator(std::vector<crypto::PublicKey> keys, const Clock& clock,
                                       AdminTokenRules rules, std::size_t replay_capacity)
    : keys_(std::move(keys)), clock_(clock), rules_(std::move(rules)), replay_(replay_capacity) {
  for (const auto& key : keys_) {
    auto actor = protocol::AdminActor(key);
    actors_.push_back(actor ? *actor : "admin:" + key.Describe());
  }
}

Status AdminAuthenticator::CheckClaims(const nlohmann::json& claims) const {
  const TimePoint now = clock_.Now();
  if (auto times = crypto::jose::CheckJwtTimes(claims, now, kLeeway); !times)
    return Fail(Refused("admin token refused: " + times.error().message));
  VEIL_ASSIGN_OR_RETURN(const std::int64_t iat, IssuedAt(claims));
  VEIL_TRY(CheckAge(UnixSeconds(now), iat, rules_.max_age));
  VEIL_TRY(CheckIssuer(claims, rules_.issuer));
  VEIL_TRY(CheckAudience(claims, rules_.audience));
  VEIL_ASSIGN_OR_RETURN(const auto jti, TokenId(claims, rules_.reusable_tokens));
  if (!jti) return {};  // reusable by configuration: nothing to remember
  // A token is accepted only while now - iat <= max_age: after iat + max_age its jti can go.
  return replay_.Admit(*jti, SaturatingAdd(iat, rules_.max_age.count()), UnixSeconds(now));
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
    VEIL_TRY(CheckClaims(jwt->claims));
    return actors_[i];
  }
  return Fail(Refused("admin token is not signed by any configured admin key"));
}

}  // namespace veil::admin
