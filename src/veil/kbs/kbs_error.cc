#include "veil/kbs/kbs_error.h"

namespace veil::kbs {

std::string_view KbsErrorVariant(KbsErrorKind kind) {
  switch (kind) {
    case KbsErrorKind::kRcarAuthFailed:  // CoCo names both AttestationError today
    case KbsErrorKind::kRcarAttestFailed:
      return "AttestationError";
    case KbsErrorKind::kTokenNotFound:
      return "TokenNotFound";
    case KbsErrorKind::kPolicyDeny:
    case KbsErrorKind::kIdentityDeny:
      return "PolicyDeny";
    case KbsErrorKind::kResourceNotFound:
      return "ResourceNotFound";
    case KbsErrorKind::kInvalidRequestPath:
      return "InvalidRequestPath";
    case KbsErrorKind::kPluginNotFound:
      return "PluginNotFound";
    case KbsErrorKind::kAdminAuth:
      return "AdminAuthAccess";
    case KbsErrorKind::kBadRequest:
      return "BadRequest";
    case KbsErrorKind::kSessionsFull:
      return "SessionsFull";
    case KbsErrorKind::kSessionQuota:
      return "SessionQuota";
    case KbsErrorKind::kRateLimited:
      return "RateLimited";
    case KbsErrorKind::kInternal:
      return "InternalError";
  }
  return "InternalError";
}

unsigned HttpStatus(KbsErrorKind kind) {
  switch (kind) {
    case KbsErrorKind::kInvalidRequestPath:
    case KbsErrorKind::kPluginNotFound:
      return 404;
    case KbsErrorKind::kBadRequest:
      return 400;
    case KbsErrorKind::kIdentityDeny:
      return 403;
    case KbsErrorKind::kSessionsFull:
      return 503;
    case KbsErrorKind::kSessionQuota:
    case KbsErrorKind::kRateLimited:
      return 429;
    case KbsErrorKind::kInternal:
      return 500;
    default:
      return 401;
  }
}

nlohmann::json ProblemJson(const KbsError& error) {
  return {{"type", "https://github.com/confidential-containers/kbs/errors/" +
                       std::string(KbsErrorVariant(error.kind))},
          {"detail", error.detail}};
}

KbsError FromError(KbsErrorKind kind, const Error& error) {
  return KbsError{kind, error.ToString()};
}

}  // namespace veil::kbs
