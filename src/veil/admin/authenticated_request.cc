#include "veil/admin/authenticated_request.h"

#include "veil/kbs/http_mapping.h"

namespace veil::admin {

http::Response Failure(const Error& error) {
  kbs::KbsErrorKind kind = kbs::KbsErrorKind::kInternal;
  switch (error.code) {
    case ErrorCode::kPolicyDenied:
      kind = kbs::KbsErrorKind::kAdminAuth;
      break;
    case ErrorCode::kInvalidArgument:
    case ErrorCode::kMalformed:
    case ErrorCode::kUnsupported:
      kind = kbs::KbsErrorKind::kBadRequest;
      break;
    case ErrorCode::kNotFound:
      kind = kbs::KbsErrorKind::kResourceNotFound;
      break;
    default:
      break;
  }
  return kbs::ErrorResponse(kbs::FromError(kind, error));
}

}  // namespace veil::admin
