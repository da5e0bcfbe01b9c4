#include "veil/http/message/response.h"

#include <nlohmann/json.hpp>

#include "veil/http/message/status_reason.h"

namespace veil::http {

Response Response::Json(unsigned status, const nlohmann::json& body) {
  Response response{status, {{"Content-Type", "application/json"}}, {}};
  response.body = body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  return response;
}

Response Response::Text(unsigned status, std::string body) {
  return Response{status, {{"Content-Type", "text/plain; charset=utf-8"}}, std::move(body)};
}

Response Response::Problem(unsigned status, std::string_view detail) {
  const nlohmann::json problem = {{"type", "about:blank"},
                                  {"title", StatusReason(status)},
                                  {"status", status},
                                  {"detail", detail}};
  Response response = Json(status, problem);
  response.headers.Set("Content-Type", "application/problem+json");
  return response;
}

}  // namespace veil::http
