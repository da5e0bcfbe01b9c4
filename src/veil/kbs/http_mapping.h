#pragma once
// The edges of the KBS handlers on HTTP: the session cookie, the Bearer token, and the one place
// where a KbsError becomes an HTTP response.

#include <optional>
#include <string>

#include "veil/http/message/request.h"
#include "veil/http/message/response.h"
#include "veil/kbs/kbs_error.h"

namespace veil::kbs {

inline constexpr std::string_view kSessionCookie = "kbs-session-id";

std::optional<std::string> SessionIdFromCookie(const http::Request& request);
std::optional<std::string> BearerToken(const http::Request& request);
http::Response ErrorResponse(const KbsError& error);
// The peer's address without its port ("10.0.0.1", "[::1]"): the unit of per-client limits.
std::string ClientAddress(std::string_view peer);

}  // namespace veil::kbs
