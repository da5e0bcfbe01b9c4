// libFuzzer target: HTTP/1.1 requests as the server reads them from a connection: Beast's parser
// with the server's limits, then ParseTarget, CheckRequestFraming and ToRequest, for every
// request pipelined in the input; a response echoing request text must validate or be refused.
#include <boost/asio/buffer.hpp>
#include <boost/beast/core/error.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <sstream>
#include <string>
#include <utility>

#include "veil/http/message/request.h"
#include "veil/http/message/response.h"
#include "veil/http/server/beast_messages.h"
#include "veil/http/server/request_framing.h"
#include "veil/http/server/server_options.h"

namespace {

namespace bhttp = boost::beast::http;
using namespace veil::http;

// Feeds `bytes` to `parser` as reads from a socket would, until it is done or wants more bytes.
// Returns the number of bytes consumed, or nullopt when the connection would be refused.
std::optional<std::size_t> Feed(bhttp::request_parser<bhttp::string_body>& parser,
                                const std::uint8_t* bytes, std::size_t size, bool header_only) {
  std::size_t used = 0;
  while (used < size && !(header_only ? parser.is_header_done() : parser.is_done())) {
    boost::beast::error_code ec;
    const std::size_t n = parser.put(boost::asio::const_buffer(bytes + used, size - used), ec);
    used += n;
    if (ec == bhttp::error::need_more) return std::nullopt;  // the read would wait, then time out
    if (ec) return std::nullopt;
    if (n == 0) return std::nullopt;
  }
  return used;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const ServerOptions options;
  std::size_t offset = 0;
  for (int requests = 0; requests < 8 && offset < size; ++requests) {
    bhttp::request_parser<bhttp::string_body> parser;
    parser.header_limit(static_cast<std::uint32_t>(options.max_header_bytes));
    parser.body_limit(static_cast<std::uint64_t>(options.max_body_bytes));
    auto header = Feed(parser, data + offset, size - offset, /*header_only=*/true);
    if (!header) return 0;
    offset += *header;
    auto target = internal::ParseTarget(internal::ToStd(parser.get().target()));
    if (!target) return 0;
    if (!internal::CheckRequestFraming(parser.get())) return 0;
    parser.eager(true);
    if (!parser.is_done()) {
      auto body = Feed(parser, data + offset, size - offset, /*header_only=*/false);
      if (!body) return 0;
      offset += *body;
    }
    const bool keep_alive = parser.get().keep_alive();
    const unsigned version = parser.get().version();
    const bool head = parser.get().method() == bhttp::verb::head;
    const Request request = internal::ToRequest(parser.release(), std::move(*target), "[::1]:1");

    // A careless handler echoing request text into its response must be caught before sending.
    Response response = Response::Text(200, request.body);
    response.headers.Set("X-Path", request.path);
    if (auto user_agent = request.headers.Get("User-Agent")) {
      response.headers.Set("X-Agent", std::string(*user_agent));
    }
    if (internal::ValidateResponse(response)) {
      std::ostringstream wire;
      wire << internal::ToBeastResponse(std::move(response), version, keep_alive, head);
    }
    if (!keep_alive) return 0;
  }
  return 0;
}
