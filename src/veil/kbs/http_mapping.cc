#include "veil/kbs/http_mapping.h"

namespace veil::kbs {
namespace {

std::string_view Trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

}  // namespace

std::optional<std::string> SessionIdFromCookie(const http::Request& request) {
  for (std::string_view header : request.headers.GetAll("Cookie")) {
    std::string_view rest = header;
    while (!rest.empty()) {
      const std::size_t end = rest.find(';');
      const std::string_view pair = Trim(rest.substr(0, end));
      rest = end == std::string_view::npos ? std::string_view() : rest.substr(end + 1);
      const std::size_t equals = pair.find('=');
      if (equals != std::string_view::npos && pair.substr(0, equals) == kSessionCookie) {
        return std::string(pair.substr(equals + 1));
      }
    }
  }
  return std::nullopt;
}

std::optional<std::string> BearerToken(const http::Request& request) {
  const auto header = request.headers.Get("Authorization");
  if (!header) return std::nullopt;
  const std::string_view value = Trim(*header);
  constexpr std::string_view kScheme = "Bearer ";
  if (value.size() <= kScheme.size() || value.substr(0, kScheme.size()) != kScheme)
    return std::nullopt;
  return std::string(Trim(value.substr(kScheme.size())));
}

std::string ClientAddress(std::string_view peer) {
  const std::size_t colon = peer.rfind(':');
  return std::string(colon == std::string_view::npos ? peer : peer.substr(0, colon));
}

http::Response ErrorResponse(const KbsError& error) {
  return http::Response::Json(HttpStatus(error.kind), ProblemJson(error));
}

}  // namespace veil::kbs
