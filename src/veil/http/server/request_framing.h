#pragma once
// Internal: the request framing the server accepts (RFC 9112 section 6). A request whose body
// length the server and an intermediary could read differently is refused (400, then close),
// never parsed: otherwise its body could be taken for the next request (request smuggling).

#include <boost/beast/http/message.hpp>

#include "veil/base/result.h"

namespace veil::http::internal {

// kMalformed, naming what was expected and found, when the header has
//   - Transfer-Encoding other than exactly one field "chunked" (gzip, "chunked, gzip",
//     "xchunked", repeated fields: the server decodes no other coding),
//   - Transfer-Encoding in an HTTP/1.0 request,
//   - both Transfer-Encoding and Content-Length.
// (Beast itself refuses differing or malformed Content-Length values.)
Status CheckRequestFraming(const boost::beast::http::request_header<>& header);

}  // namespace veil::http::internal
