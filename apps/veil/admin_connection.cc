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

namespace {

// The HTTP client names the request it failed on in the error's context.
bool IsTransportFailure(const Error& error) { return error.context.starts_with("http client"); }

// What to do about `error`, when there is something to say beyond the error itself.
std::optional<std::string> Hint(const Error& error, const Connection* connection) {
  if (IsTransportFailure(error) && error.code == ErrorCode::kVerificationFailed)
    return "the trustee's TLS certificate did not verify: give its CA with --ca FILE";
  if (IsTransportFailure(error))
    return "is veil-trustee running there? Point at it with --url URL or $VEIL_URL";
  if (error.context == "trustee" && error.code == ErrorCode::kPolicyDenied &&
      error.message.find("admin") != std::string::npos) {
    const std::string key = connection != nullptr && !connection->key_file.empty()
                                ? "the admin key " + connection->key_file
                                : "this admin key";
    return "the trustee did not accept " + key +
           " (--key or $VEIL_ADMIN_KEY): its public key (admin.pub, next to the key veil admin "
           "keygen wrote) must be the trustee's --admin-key or be listed in [admin] public_keys";
  }
  return std::nullopt;
}

}  // namespace

int ExitCodeOf(const Error& error) {
  if (IsTransportFailure(error)) return 2;   // unreachable, or TLS that did not verify
  if (error.context == "trustee") return 1;  // the trustee answered: refused
  const bool local =
      error.code == ErrorCode::kUnavailable || error.code == ErrorCode::kInvalidArgument;
  return local ? 2 : 1;
}

int Report(const Error& error, const Connection* connection) {
  std::cerr << "veil: " << error.ToString() << "\n";
  if (const auto hint = Hint(error, connection)) std::cerr << "veil: " << *hint << "\n";
  return ExitCodeOf(error);
}

Result<admin_client::AdminClient> Connect(const Connection& connection, const Clock& clock) {
  if (connection.key_file.empty()) {
    return Fail(InvalidArgument(
        "--key ADMIN_PRIVATE_KEY (or $VEIL_ADMIN_KEY) is required; make a key pair with `veil "
        "admin keygen --out DIR` and start the trustee with --admin-key DIR/admin.pub"));
  }
  VEIL_ASSIGN_OR_RETURN(std::string pem, ReadFileText(connection.key_file, 64u << 10));
  auto key = crypto::PrivateKey::FromPem(pem);
  if (!key) return Fail(InvalidArgument(connection.key_file + ": " + key.error().message));
  return admin_client::AdminClient(
      connection.url, std::move(*key), clock,
      connection.ca_file.empty() ? std::nullopt : std::optional(connection.ca_file));
}

}  // namespace veil::cli
