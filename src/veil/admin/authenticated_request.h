#pragma once
// How every admin handler answers: authenticate first (AdminAuthenticator), run the action as
// that actor, answer 200 with its JSON or a KBS problem — invalid input 400, unknown 401
// (ResourceNotFound, as CoCo's admin clients expect), refused authentication 401, else 500 —
// and log which admin did what.

#include <string>

#include <spdlog/spdlog.h>
#include <nlohmann/json.hpp>

#include "veil/admin/admin_authenticator.h"
#include "veil/base/log_safe.h"
#include "veil/base/result.h"
#include "veil/http/message/request.h"
#include "veil/http/message/response.h"

namespace veil::admin {

http::Response Failure(const Error& error);

// Runs `action(actor)` (returning Result<nlohmann::json>) for an authenticated admin.
template <class Action>
http::Response Authenticated(const AdminAuthenticator& authenticator, const http::Request& request,
                             Action action) {
  auto actor = authenticator.Authenticate(request);
  if (!actor) {
    spdlog::warn("admin request {} {} from {} refused: {}", LogSafe(request.method),
                 LogSafe(request.path), request.peer, LogSafe(actor.error().ToString(), 2048));
    return Failure(actor.error());
  }
  Result<nlohmann::json> outcome = action(*actor);
  if (!outcome) {
    spdlog::info("admin {} {} {} failed: {}", *actor, LogSafe(request.method),
                 LogSafe(request.path), LogSafe(outcome.error().ToString(), 2048));
    return Failure(outcome.error());
  }
  spdlog::info("admin {} {} {}", *actor, LogSafe(request.method), LogSafe(request.path));
  return http::Response::Json(200, *outcome);
}

}  // namespace veil::admin
