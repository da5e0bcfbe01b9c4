#pragma once
// What a Handler answers. The server computes Content-Length and owns the framing headers
// (Content-Length, Transfer-Encoding, Connection); every other header is sent with its name as
// given, repeated ones (Set-Cookie) each on its own line and in their order. Fields of one name
// are sent together, and values lose surrounding whitespace (not part of a value, RFC 9110 5.5).

#include <nlohmann/json_fwd.hpp>
#include <string>
#include <string_view>

#include "veil/http/message/headers.h"

namespace veil::http {

struct Response {
  unsigned status = 200;  // 200..599; anything else becomes a 500
  Headers headers;
  std::string body;

  // `body` serialized compactly (invalid UTF-8 replaced, never throws), Content-Type
  // application/json.
  static Response Json(unsigned status, const nlohmann::json& body);
  // Content-Type text/plain; charset=utf-8.
  static Response Text(unsigned status, std::string body);
  // An RFC 9457 problem document (application/problem+json) with the standard reason phrase as
  // title: {"type": "about:blank", "title": ..., "status": ..., "detail": detail}. The server and
  // the router use it for the errors they answer themselves.
  static Response Problem(unsigned status, std::string_view detail);
};

}  // namespace veil::http
