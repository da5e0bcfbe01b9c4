#include "veil/agent/kbs_client/attestation_token.h"

#include <chrono>

#include "veil/agent/kbs_client/token_keys.h"
#include "veil/base/base64.h"
#include "veil/base/log_safe.h"
#include "veil/json/parse.h"

namespace veil::agent {
namespace {

constexpr auto kExpiryMargin = std::chrono::seconds(30);
constexpr std::int64_t kLatestExpiry = 253402300799;  // 9999-12-31T23:59:59Z: no TimePoint overflow

Error TokenError(std::string message) {
  return Error{ErrorCode::kMalformed, std::move(message), "attestation token"};
}

Result<nlohmann::json> DecodePayload(std::string_view jwt) {
  const auto first_dot = jwt.find('.');
  const auto second_dot =
      first_dot == std::string_view::npos ? first_dot : jwt.find('.', first_dot + 1);
  if (second_dot == std::string_view::npos)
    return Fail(TokenError("not a JWT (expected header.payload.signature)"));
  auto payload = Base64UrlDecode(jwt.substr(first_dot + 1, second_dot - first_dot - 1));
  if (!payload) return Fail(TokenError("payload is not base64url: " + payload.error().message));
  auto claims = json::ParseJsonObject(
      std::string_view(reinterpret_cast<const char*>(payload->data()), payload->size()), "payload");
  if (!claims) return Fail(TokenError(claims.error().message));
  return claims;
}

// exp as a TimePoint, saturating: system_clock counts nanoseconds in 64 bits, which ends in 2262.
TimePoint ExpiryTime(std::int64_t seconds) {
  constexpr auto kLatest =
      std::chrono::duration_cast<std::chrono::seconds>(TimePoint::max().time_since_epoch());
  if (seconds >= kLatest.count()) return TimePoint::max();
  return TimePoint(std::chrono::seconds(seconds));
}

}  // namespace

bool AttestationToken::UsableAt(TimePoint now) const {
  return now < expires_at - kExpiryMargin;  // expires_at >= 1970 + 1 s: no underflow
}

Result<AttestationToken> ReadAttestationToken(std::string_view jwt,
                                              std::span<const crypto::PublicKey> keys) {
  nlohmann::json claims;
  if (keys.empty()) {
    VEIL_ASSIGN_OR_RETURN(claims, DecodePayload(jwt));
  } else {
    VEIL_ASSIGN_OR_RETURN(claims, VerifiedTokenClaims(jwt, keys));
  }
  const auto exp = claims.find("exp");
  if (exp == claims.end() || !exp->is_number_integer())
    return Fail(TokenError("no numeric exp claim"));
  const std::int64_t expires = exp->get<std::int64_t>();
  if (expires <= 0 || expires > kLatestExpiry) {
    return Fail(
        TokenError("exp " + std::to_string(expires) + " is not a time between 1970 and 9999"));
  }
  AttestationToken token{std::string(jwt), ExpiryTime(expires), "", {}, claims};
  const auto submods = claims.find("submods");
  if (submods == claims.end() || !submods->is_object() || submods->empty() ||
      !submods->begin()->is_object()) {
    return Fail(TokenError("no EAR submods"));
  }
  const nlohmann::json& submod = *submods->begin();
  const auto status = submod.find("ear.status");
  if (status == submod.end() || !status->is_string()) return Fail(TokenError("no ear.status"));
  token.status = status->get<std::string>();
  const auto reasons = submod.find("veil.denial-reasons");
  if (reasons != submod.end() && reasons->is_array()) {
    for (const auto& reason : *reasons) {
      if (reason.is_string()) token.denial_reasons.push_back(LogSafe(reason.get<std::string>()));
    }
  }
  return token;
}

Status RequireTrustworthy(const AttestationToken& token) {
  if (token.status == "affirming" || token.status == "warning") return {};
  std::string reasons;
  for (const std::string& reason : token.denial_reasons)
    reasons += (reasons.empty() ? "" : "; ") + reason;
  return Fail(PolicyDenied("the trustee appraised this TEE as " + LogSafe(token.status) +
                           (reasons.empty() ? std::string() : ": " + reasons)));
}

}  // namespace veil::agent
