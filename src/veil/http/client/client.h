#pragma once
// An HTTP client (libcurl). Send uses a fresh connection each time; a KeepAliveClient keeps its
// connection open between requests (HTTP/1.1 keep-alive). Either keeps no cookies
// (callers send Cookie headers themselves), follows no redirects (a 3xx is returned as is), uses
// no proxy (environment proxy variables are ignored) and bounds the response body. Designated
// initializers name just what differs: Send({.method = "POST", .url = url, .body = json}).

#include <chrono>
#include <cstddef>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "veil/base/result.h"
#include "veil/http/message/headers.h"
#include "veil/http/message/tls_version.h"

namespace veil::http {

struct ClientRequest {
  std::string method = "GET";  // any token; HEAD asks for no body
  std::string url{};           // http:// or https:// only
  Headers headers{};           // sent verbatim; a header with an empty value is sent empty
  std::string body{};          // sent when non-empty, and always for POST/PUT/PATCH
  std::chrono::milliseconds timeout{10'000};  // connecting and the whole exchange
  // PEM CA certificates trusted instead of the system store (https only).
  std::optional<std::filesystem::path> ca_file{};
  // The server key must also match: "sha256//<base64 SHA-256 of its SubjectPublicKeyInfo>"
  // (several joined by ';'), as CURLOPT_PINNEDPUBLICKEY takes it.
  std::optional<std::string> pinned_public_key{};
  std::size_t max_response_bytes = 16u << 20;             // larger bodies fail the call
  TlsMinVersion min_tls_version = TlsMinVersion::kTls13;  // https only; 1.2 only when asked
  // Polled while the exchange runs (at least about once a second, also while connecting); when
  // it returns true the exchange is abandoned with kUnavailable. Empty: never cancelled.
  std::function<bool()> cancelled{};
};

struct ClientResponse {
  unsigned status = 0;
  Headers headers{};  // every field of the final response, in order (repeated Set-Cookie kept)
  std::string body{};
};

// Any HTTP status is a successful exchange (check ClientResponse::status).
// kInvalidArgument: bad method, URL, scheme, header, timeout or CA file.
// kVerificationFailed: the server certificate did not verify or the pinned key did not match.
// kUnavailable: connection refused, DNS, timeout, TLS handshake, reset, body over the limit;
// the message carries curl's own description.
Result<ClientResponse> Send(const ClientRequest& request);

// Sends requests one after another over one connection while the server keeps it open (HTTP/1.1
// keep-alive; curl reconnects when the server closed it, or when a request goes to another host or
// with other TLS trust). Each request is configured afresh, as Send does, with the same errors.
// Not safe for concurrent use: one per thread (or per guest).
class KeepAliveClient {
 public:
  KeepAliveClient();
  ~KeepAliveClient();
  KeepAliveClient(KeepAliveClient&&) noexcept;
  KeepAliveClient& operator=(KeepAliveClient&&) noexcept;

  Result<ClientResponse> Send(const ClientRequest& request);

 private:
  struct Handle;
  std::unique_ptr<Handle> handle_;  // created at the first Send
};

}  // namespace veil::http
