#include "admin_connection.h"

#include <cstdlib>
#include <iostream>
#include <optional>

#include "veil/base/file.h"
#include "veil/crypto/private_key.h"

namespace veil::cli {
namespace {

std::string EnvOr(const char* name, const char* fallback) {
  const char* value = std::getenv(name);
  return value != nullptr && *value != '\0' ? value : fallback;
}

}  // namespace

void AddConnectionOptions(CLI::App* command, Connection& connection) {
  connection.url = EnvOr("VEIL_URL", "http://127.0.0.1:8080");
  connection.key_file = EnvOr("VEIL_ADMIN_KEY", "");
  command->add_option("--url", connection.url,
                      "Trustee base URL (default $VEIL_URL or http://127.0.0.1:8080)");
  command->add_option("--key", connection.key_file,
                      "Admin private key PEM (default $VEIL_ADMIN_KEY)");
  command->add_option("--ca", connection.ca_file, "PEM CA certificate of an https trustee");
}

int Report(const Error& error) {
  std::cerr << "veil: " << error.ToString() << "\n";
  const bool local =
      error.code == ErrorCode::kUnavailable || error.code == ErrorCode::kInvalidArgument;
  return local && error.context != "trustee" ? 2 : 1;
}

Result<admin_client::AdminClient> Connect(const Connection& connection, const Clock& clock) {
  if (connection.key_file.empty())
    return Fail(InvalidArgument("--key ADMIN_PRIVATE_KEY (or $VEIL_ADMIN_KEY) is required"));
  VEIL_ASSIGN_OR_RETURN(std::string pem, ReadFileText(connection.key_file, 64u << 10));
  auto key = crypto::PrivateKey::FromPem(pem);
  if (!key) return Fail(InvalidArgument(connection.key_file + ": " + key.error().message));
  return admin_client::AdminClient(
      connection.url, std::move(*key), clock,
      connection.ca_file.empty() ? std::nullopt : std::optional(connection.ca_file));
}

}  // namespace veil::cli
