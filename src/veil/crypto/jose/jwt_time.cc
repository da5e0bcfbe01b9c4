#include "veil/crypto/jose/jwt_time.h"

#include <cmath>
#include <optional>

#include "veil/base/rfc3339.h"
#include "veil/json/member.h"

namespace veil::crypto::jose {
namespace {

// Seconds since the epoch as a double: NumericDates may be fractional and arbitrarily large,
// and comparing in double avoids overflowing a time_point with a hostile "exp": 1e300.
double ToSeconds(TimePoint at) {
  return std::chrono::duration<double>(at.time_since_epoch()).count();
}

Result<std::optional<double>> NumericDate(const nlohmann::json& claims, std::string_view name) {
  const nlohmann::json* member = json::FindMember(claims, name);
  if (member == nullptr) return std::optional<double>();
  if (!member->is_number()) {
    return Fail(Malformed("JWT claim \"" + std::string(name) +
                          "\" must be a NumericDate (number), got " + member->type_name()));
  }
  const double value = member->get<double>();
  if (!std::isfinite(value))
    return Fail(Malformed("JWT claim \"" + std::string(name) + "\" is not finite"));
  return std::optional<double>(value);
}

std::string Describe(double seconds) {
  // Within the range RFC 3339 can show; otherwise the raw number.
  if (seconds >= 0 && seconds < 253402300800.0) {
    return FormatRfc3339(TimePoint(std::chrono::duration_cast<TimePoint::duration>(
        std::chrono::seconds(static_cast<long long>(std::floor(seconds))))));
  }
  return std::to_string(seconds) + " s";
}

}  // namespace

Status CheckJwtTimes(const nlohmann::json& claims, TimePoint now, std::chrono::seconds leeway) {
  if (leeway.count() < 0) return Fail(InvalidArgument("JWT time leeway must not be negative"));
  if (!claims.is_object()) return Fail(Malformed("JWT claims must be an object"));
  const double now_seconds = ToSeconds(now);
  const auto slack = static_cast<double>(leeway.count());
  VEIL_ASSIGN_OR_RETURN(const std::optional<double> exp, NumericDate(claims, "exp"));
  if (!exp) return Fail(Malformed("JWT has no \"exp\" claim; every Veil token must expire"));
  if (now_seconds >= *exp + slack) {
    return Fail(VerificationFailed("JWT expired at " + Describe(*exp) + ", now is " +
                                   Describe(now_seconds)));
  }
  VEIL_ASSIGN_OR_RETURN(const std::optional<double> nbf, NumericDate(claims, "nbf"));
  if (nbf && now_seconds < *nbf - slack) {
    return Fail(VerificationFailed("JWT not valid before " + Describe(*nbf) + ", now is " +
                                   Describe(now_seconds)));
  }
  VEIL_ASSIGN_OR_RETURN(const std::optional<double> iat, NumericDate(claims, "iat"));
  if (iat && *iat > now_seconds + slack) {
    return Fail(VerificationFailed("JWT issued in the future at " + Describe(*iat) + ", now is " +
                                   Describe(now_seconds)));
  }
  return {};
}

}  // namespace veil::crypto::jose
