#pragma once
// Internal: conversions between Beast messages and the server's Request/Response, with the
// checks that keep a request target or a handler's response from breaking HTTP framing.

#include <boost/beast/core/string.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>
#include <string>
#include <string_view>

#include "veil/base/result.h"
#include "veil/http/message/request.h"
#include "veil/http/message/response.h"

namespace veil::http::internal {

using BeastRequest = boost::beast::http::request<boost::beast::http::string_body>;
using BeastResponse = boost::beast::http::response<boost::beast::http::string_body>;

inline std::string_view ToStd(boost::beast::string_view text) { return {text.data(), text.size()}; }

struct Target {
  std::string path;
  std::string query;
};

// Splits an origin-form target ("/path?query"). kMalformed for any other form (absolute URI,
// "*", authority) and for paths with a "." or ".." segment.
Result<Target> ParseTarget(std::string_view target);

Request ToRequest(BeastRequest&& beast, Target target, std::string peer);

// kInternal when `response` cannot be sent as it is: status outside 200..599, a header that is
// not a token or whose value holds CR/LF/NUL, a body on a 204 or 304.
Status ValidateResponse(const Response& response);

// `response` must have passed ValidateResponse. Drops the handler's framing headers
// (Content-Length, Transfer-Encoding, Connection), sets them for `version` and `keep_alive`, and
// sends no body bytes for a HEAD request.
BeastResponse ToBeastResponse(Response response, unsigned version, bool keep_alive,
                              bool head_request);

}  // namespace veil::http::internal
