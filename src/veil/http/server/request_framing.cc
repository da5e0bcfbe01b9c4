#include "veil/http/server/request_framing.h"

#include <string>
#include <string_view>

#include "veil/base/log_safe.h"
#include "veil/http/message/headers.h"
#include "veil/http/server/beast_messages.h"

namespace veil::http::internal {
namespace {

namespace bhttp = boost::beast::http;

std::string_view TrimOws(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

}  // namespace

Status CheckRequestFraming(const bhttp::request_header<>& header) {
  const auto codings = header.equal_range(bhttp::field::transfer_encoding);
  const auto fields = static_cast<std::size_t>(std::distance(codings.first, codings.second));
  if (fields == 0) return {};
  if (fields > 1) {
    return Fail(
        Malformed("expected at most one Transfer-Encoding field, got " + std::to_string(fields)));
  }
  const std::string_view coding = TrimOws(ToStd(codings.first->value()));
  if (!EqualsIgnoreCase(coding, "chunked")) {
    return Fail(
        Malformed("expected Transfer-Encoding \"chunked\" (the only coding served), got \"" +
                  LogSafe(coding) + "\""));
  }
  if (header.version() < 11) {
    return Fail(Malformed("expected no Transfer-Encoding in an HTTP/1.0 request, got \"" +
                          LogSafe(coding) + "\""));
  }
  if (header.count(bhttp::field::content_length) != 0) {
    return Fail(Malformed("expected Content-Length or Transfer-Encoding, got both"));
  }
  return {};
}

}  // namespace veil::http::internal
