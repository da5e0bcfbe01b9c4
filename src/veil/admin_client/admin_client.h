#pragma once
// A client of the trustee's admin API (see src/veil/admin/admin_service.h for the endpoints).

#include <chrono>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "veil/base/clock.h"
#include "veil/base/result.h"
#include "veil/crypto/private_key.h"

namespace veil::admin_client {

class AdminClient {
 public:
  // `base_url` like "http://127.0.0.1:8080"; `key` is the admin private key (Ed25519 or P-256).
  AdminClient(std::string base_url, crypto::PrivateKey key, const Clock& clock,
              std::optional<std::string> ca_file = std::nullopt);

  // Sends an authenticated request and returns the JSON answer of a 2xx response. A problem
  // response becomes an error carrying the server's detail: kPolicyDenied for 401/403,
  // kNotFound for 404, kInvalidArgument for 400, kInternal otherwise; kUnavailable when the
  // trustee cannot be reached.
  Result<nlohmann::json> Call(const std::string& method, const std::string& path,
                              const std::string& body = {},
                              const std::string& content_type = "application/json") const;

 private:
  Result<std::string> FreshToken() const;

  std::string base_url_;
  crypto::PrivateKey key_;
  const Clock& clock_;
  std::optional<std::string> ca_file_;
};

}  // namespace veil::admin_client
