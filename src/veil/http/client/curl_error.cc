#include "veil/http/client/curl_error.h"

#include <string>

namespace veil::http::internal {
namespace {

ErrorCode CodeFor(CURLcode code) {
  switch (code) {
    case CURLE_URL_MALFORMAT:
    case CURLE_UNSUPPORTED_PROTOCOL:
    case CURLE_BAD_FUNCTION_ARGUMENT:
    case CURLE_SSL_CACERT_BADFILE:
      return ErrorCode::kInvalidArgument;
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
      return ErrorCode::kVerificationFailed;
    default:
      return ErrorCode::kUnavailable;
  }
}

}  // namespace

Error CurlError(CURLcode code, std::string_view detail) {
  std::string message = curl_easy_strerror(code);
  if (!detail.empty()) message.append(": ").append(detail);
  return Error{CodeFor(code), std::move(message), {}};
}

}  // namespace veil::http::internal
