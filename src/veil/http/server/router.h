#pragma once
// Dispatches requests by method and path: exact paths ("/kbs/v0/auth") and prefixes
// ("/kbs/v0/resource/" matches every path that starts with it; the handler reads the rest from
// request.path). Paths compare byte for byte, not percent-decoded.
//
// Choice: among the routes registered for the request's method, an exact path wins over a
// prefix and a longer prefix over a shorter one. When no route of that method matches but one of
// another method does, the answer is 405 with an Allow header; when none matches at all, 404.
// Both are RFC 9457 problem documents unless SetUnrouted gives another shape (the trustee answers
// in the KBS error vocabulary).
//
// Register everything before serving; Dispatch is then safe to call from several threads.

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "veil/http/server/handler.h"

namespace veil::http {

class Router {
 public:
  // `path` and `prefix` must start with '/'. Registering the same method and path (or prefix)
  // twice, or an empty handler, is a programming error and aborts.
  void Add(std::string method, std::string path, Handler handler);
  void AddPrefix(std::string method, std::string prefix, Handler handler);

  // A request no route takes: 404 (no route has its path) or 405 (routes of other methods do,
  // listed in `allow`, e.g. "GET, POST"), and a detail naming method and path.
  struct Unrouted {
    unsigned status;
    std::string detail;
    std::string allow;  // empty for 404
  };
  using UnroutedResponder = std::function<Response(const Unrouted&)>;
  // Replaces the RFC 9457 answer to unrouted requests; the Allow header of a 405 is always added.
  void SetUnrouted(UnroutedResponder responder) { unrouted_ = std::move(responder); }

  Response Dispatch(const Request& request) const;

  // A Handler that owns this router (for Server::Start).
  Handler IntoHandler() &&;

 private:
  struct Route {
    std::string method;
    std::string pattern;
    bool is_prefix = false;
    Handler handler;

    bool Matches(std::string_view path) const;
  };

  void AddRoute(Route route);
  const Route* FindRoute(std::string_view method, std::string_view path) const;
  std::string AllowedMethods(std::string_view path) const;

  std::vector<Route> routes_;
  UnroutedResponder unrouted_;
};

}  // namespace veil::http
