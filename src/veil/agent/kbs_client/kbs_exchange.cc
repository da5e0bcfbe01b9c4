#include "veil/agent/kbs_client/kbs_exchange.h"

#include <nlohmann/json.hpp>

#include "veil/base/log_safe.h"

namespace veil::agent {
namespace {

constexpr std::string_view kProblemTypePrefix =
    "https://github.com/confidential-containers/kbs/errors/";
constexpr std::size_t kMaxQuotedBody = 200;  // in input bytes, before escaping

}  // namespace

Result<http::ClientResponse> Exchange(const KbsClientOptions& options,
                                      http::KeepAliveClient& connection,
                                      http::ClientRequest request) {
  request.url = options.url + request.url;
  request.timeout = options.timeout;
  request.ca_file = options.ca_file;
  request.pinned_public_key = options.pinned_public_key;
  request.cancelled = options.cancelled;
  const std::string target = request.method + " " + request.url;
  auto response = connection.Send(request);
  if (!response) return Fail(std::move(response).error().WithContext(target));
  // Gateways and an overloaded or restarting trustee are worth another try; a 500 is a fault
  // the trustee will repeat, so it is reported at once (as a refusal, by the caller).
  if (response->status == 502 || response->status == 503 || response->status == 504) {
    return Fail(Unavailable(target + " answered " + std::to_string(response->status) + ": " +
                            ReadProblem(*response).detail));
  }
  return response;
}

KbsProblem ReadProblem(const http::ClientResponse& response) {
  const auto body = nlohmann::json::parse(response.body, nullptr, false);
  if (body.is_object() && body.contains("type") && body["type"].is_string() &&
      body.contains("detail") && body["detail"].is_string()) {
    std::string type = body["type"];
    if (type.rfind(kProblemTypePrefix, 0) == 0) type.erase(0, kProblemTypePrefix.size());
    return {LogSafe(type), LogSafe(body["detail"].get<std::string>())};
  }
  return {"", LogSafe(response.body, kMaxQuotedBody)};
}

}  // namespace veil::agent
