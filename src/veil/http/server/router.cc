#include "veil/http/server/router.h"

#include <algorithm>
#include <memory>

namespace veil::http {

bool Router::Route::Matches(std::string_view path) const {
  return is_prefix ? path.starts_with(pattern) : path == pattern;
}

void Router::Add(std::string method, std::string path, Handler handler) {
  AddRoute({std::move(method), std::move(path), false, std::move(handler)});
}

void Router::AddPrefix(std::string method, std::string prefix, Handler handler) {
  AddRoute({std::move(method), std::move(prefix), true, std::move(handler)});
}

void Router::AddRoute(Route route) {
  VEIL_CHECK(IsToken(route.method));
  VEIL_CHECK(route.pattern.starts_with('/'));
  VEIL_CHECK(route.handler != nullptr);
  const bool duplicate = std::any_of(routes_.begin(), routes_.end(), [&route](const Route& other) {
    return other.method == route.method && other.pattern == route.pattern &&
           other.is_prefix == route.is_prefix;
  });
  VEIL_CHECK(!duplicate);
  routes_.push_back(std::move(route));
}

const Router::Route* Router::FindRoute(std::string_view method, std::string_view path) const {
  const Route* best = nullptr;
  for (const Route& route : routes_) {
    if (route.method != method || !route.Matches(path)) continue;
    if (!route.is_prefix) return &route;  // an exact match beats every prefix
    if (best == nullptr || route.pattern.size() > best->pattern.size()) best = &route;
  }
  return best;
}

std::string Router::AllowedMethods(std::string_view path) const {
  std::vector<std::string_view> methods;
  for (const Route& route : routes_) {
    if (route.Matches(path) &&
        std::find(methods.begin(), methods.end(), route.method) == methods.end()) {
      methods.push_back(route.method);
    }
  }
  std::string allow;
  for (const std::string_view method : methods) {
    if (!allow.empty()) allow += ", ";
    allow += method;
  }
  return allow;
}

Response Router::Dispatch(const Request& request) const {
  if (const Route* route = FindRoute(request.method, request.path)) return route->handler(request);
  Unrouted unrouted{404, "no route for " + request.method + " " + request.path,
                    AllowedMethods(request.path)};
  if (!unrouted.allow.empty()) {
    unrouted.status = 405;
    unrouted.detail =
        "expected one of " + unrouted.allow + " for " + request.path + ", got " + request.method;
  }
  Response response =
      unrouted_ ? unrouted_(unrouted) : Response::Problem(unrouted.status, unrouted.detail);
  if (!unrouted.allow.empty()) response.headers.Set("Allow", unrouted.allow);
  return response;
}

Handler Router::IntoHandler() && {
  auto router = std::make_shared<const Router>(std::move(*this));
  return [router](const Request& request) { return router->Dispatch(request); };
}

}  // namespace veil::http
