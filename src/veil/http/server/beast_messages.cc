#include "veil/http/server/beast_messages.h"

#include <array>

namespace veil::http::internal {
namespace {

constexpr std::size_t kShownTargetChars = 100;

std::string Shown(std::string_view text) {
  if (text.size() <= kShownTargetChars) return std::string(text);
  return std::string(text.substr(0, kShownTargetChars)) + "...";
}

bool HasDotSegment(std::string_view path) {
  while (!path.empty()) {
    path.remove_prefix(1);  // the '/' before the segment
    const std::string_view segment = path.substr(0, path.find('/'));
    if (segment == "." || segment == "..") return true;
    path.remove_prefix(segment.size());
  }
  return false;
}

bool IsFramingHeader(std::string_view name) {
  static constexpr std::array<std::string_view, 3> kFraming = {"Content-Length",
                                                               "Transfer-Encoding", "Connection"};
  for (const std::string_view framing : kFraming) {
    if (EqualsIgnoreCase(name, framing)) return true;
  }
  return false;
}

bool ForbidsBody(unsigned status) { return status == 204 || status == 304; }

}  // namespace

Result<Target> ParseTarget(std::string_view target) {
  if (!target.starts_with('/')) {
    return Fail(Malformed("expected an origin-form request target starting with '/', got '" +
                          Shown(target) + "'"));
  }
  const std::size_t question = target.find('?');
  Target parsed{std::string(target.substr(0, question)),
                question == std::string_view::npos ? std::string()
                                                   : std::string(target.substr(question + 1))};
  if (HasDotSegment(parsed.path)) {
    return Fail(Malformed("expected a path without '.' or '..' segments, got '" +
                          Shown(parsed.path) + "'"));
  }
  return parsed;
}

Request ToRequest(BeastRequest&& beast, Target target, std::string peer) {
  Request request;
  request.method = std::string(ToStd(beast.method_string()));
  request.path = std::move(target.path);
  request.query = std::move(target.query);
  for (const auto& field : beast) {
    request.headers.Add(std::string(ToStd(field.name_string())), std::string(ToStd(field.value())));
  }
  request.body = std::move(beast.body());
  request.peer = std::move(peer);
  return request;
}

Status ValidateResponse(const Response& response) {
  if (response.status < 200 || response.status > 599) {
    return Fail(
        Internal("expected a response status in 200..599, got " + std::to_string(response.status)));
  }
  if (ForbidsBody(response.status) && !response.body.empty()) {
    return Fail(Internal("expected no body with status " + std::to_string(response.status) +
                         ", got " + std::to_string(response.body.size()) + " bytes"));
  }
  if (auto valid = ValidateHeaders(response.headers); !valid) {
    return Fail(Internal("response header: " + valid.error().message));
  }
  return {};
}

BeastResponse ToBeastResponse(Response response, unsigned version, bool keep_alive,
                              bool head_request) {
  BeastResponse beast;
  beast.version(version);
  beast.result(response.status);
  for (const HeaderField& field : response.headers) {
    if (!IsFramingHeader(field.name)) beast.insert(field.name, field.value);
  }
  beast.keep_alive(keep_alive);
  if (ForbidsBody(response.status)) return beast;
  beast.content_length(response.body.size());
  if (!head_request) beast.body() = std::move(response.body);
  return beast;
}

}  // namespace veil::http::internal
