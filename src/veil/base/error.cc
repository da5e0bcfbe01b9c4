#include "veil/base/error.h"

#include <utility>

namespace veil {

std::string_view ErrorCodeName(ErrorCode code) {
  switch (code) {
    case ErrorCode::kInvalidArgument:
      return "invalid argument";
    case ErrorCode::kMalformed:
      return "malformed";
    case ErrorCode::kUnsupported:
      return "unsupported";
    case ErrorCode::kVerificationFailed:
      return "verification failed";
    case ErrorCode::kPolicyDenied:
      return "policy denied";
    case ErrorCode::kNotFound:
      return "not found";
    case ErrorCode::kUnavailable:
      return "unavailable";
    case ErrorCode::kInternal:
      return "internal";
  }
  return "unknown";
}

std::string Error::ToString() const {
  if (context.empty()) return message;
  return context + ": " + message;
}

Error Error::WithContext(std::string_view outer) && {
  context = context.empty() ? std::string(outer) : std::string(outer) + ": " + context;
  return std::move(*this);
}

Error InvalidArgument(std::string message) {
  return {ErrorCode::kInvalidArgument, std::move(message), {}};
}
Error Malformed(std::string message) { return {ErrorCode::kMalformed, std::move(message), {}}; }
Error Unsupported(std::string message) { return {ErrorCode::kUnsupported, std::move(message), {}}; }
Error VerificationFailed(std::string message) {
  return {ErrorCode::kVerificationFailed, std::move(message), {}};
}
Error PolicyDenied(std::string message) {
  return {ErrorCode::kPolicyDenied, std::move(message), {}};
}
Error NotFound(std::string message) { return {ErrorCode::kNotFound, std::move(message), {}}; }
Error Unavailable(std::string message) { return {ErrorCode::kUnavailable, std::move(message), {}}; }
Error Internal(std::string message) { return {ErrorCode::kInternal, std::move(message), {}}; }

}  // namespace veil
