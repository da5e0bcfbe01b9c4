#include "veil/admin_client/admin_client.h"

#include "veil/base/hex.h"
#include "veil/crypto/jose/jwt.h"
#include "veil/crypto/random.h"
#include "veil/http/client/client.h"
#include "veil/json/parse.h"

namespace veil::admin_client {
namespace {

constexpr std::chrono::seconds kTokenLifetime{60};

Error ServerError(unsigned status, const std::string& body) {
  std::string detail = "HTTP " + std::to_string(status);
  auto problem = json::ParseJson(body);
  if (problem && problem->is_object() && problem->contains("detail") &&
      (*problem)["detail"].is_string()) {
    detail = (*problem)["detail"].get<std::string>();
  }
  ErrorCode code = ErrorCode::kInternal;
  if (status == 401 || status == 403) code = ErrorCode::kPolicyDenied;
  if (status == 404) code = ErrorCode::kNotFound;
  if (status == 400 || status == 413) code = ErrorCode::kInvalidArgument;
  return Error{code, detail, "trustee"};
}

}  // namespace

AdminClient::AdminClient(std::string base_url, crypto::PrivateKey key, const Clock& clock,
                         std::optional<std::string> ca_file)
    : base_url_(std::move(base_url)),
      key_(std::move(key)),
      clock_(clock),
      ca_file_(std::move(ca_file)) {
  while (!base_url_.empty() && base_url_.back() == '/') base_url_.pop_back();
}

Result<std::string> AdminClient::FreshToken() const {
  const std::int64_t now = UnixSeconds(clock_.Now());
  return crypto::jose::SignJwt(key_, nlohmann::json::object(),
                               {{"iat", now},
                                {"exp", now + kTokenLifetime.count()},
                                {"jti", HexEncode(crypto::RandomBytes(16))},
                                {"sub", "veil-cli"}});
}

Result<nlohmann::json> AdminClient::Call(const std::string& method, const std::string& path,
                                         const std::string& body,
                                         const std::string& content_type) const {
  VEIL_ASSIGN_OR_RETURN(std::string token, FreshToken());
  http::ClientRequest request{.method = method, .url = base_url_ + path, .body = body};
  request.headers.Add("Authorization", "Bearer " + token);
  if (!body.empty()) request.headers.Add("Content-Type", content_type);
  if (ca_file_) request.ca_file = *ca_file_;
  VEIL_ASSIGN_OR_RETURN(http::ClientResponse response, http::Send(request));
  if (response.status < 200 || response.status >= 300)
    return Fail(ServerError(response.status, response.body));
  auto answer = json::ParseJson(response.body);
  if (!answer)
    return Fail(Error{ErrorCode::kMalformed, "the trustee's answer is not JSON", "trustee"});
  return answer;
}

}  // namespace veil::admin_client
