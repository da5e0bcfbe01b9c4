#pragma once
// How a Server listens, bounds its clients and reports what it served.

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>

#include "veil/http/message/tls_version.h"

namespace veil::http {

// PEM files for TLS: the leaf certificate first, then its intermediates; an unencrypted private
// key matching the leaf.
struct TlsFiles {
  std::filesystem::path certificate_chain;
  std::filesystem::path private_key;
  TlsMinVersion min_version = TlsMinVersion::kTls13;
};

// One answered request (or a request the server refused itself: 400, 413, 431, 500). `method`
// and `path` are empty when the request line could not be parsed.
struct AccessLogEntry {
  std::string method;
  std::string path;
  std::string peer;
  unsigned status = 0;
  std::size_t response_bytes = 0;        // body bytes sent
  std::chrono::microseconds duration{};  // from the request's first byte to the response written
  std::string error;                     // why the server answered 500/4xx itself; empty otherwise
};

// The limits a Server enforces itself, reported through ServerOptions::limit_reached.
enum class ServerLimit {
  kBodySize,     // a body over max_body_bytes: answered 413, then closed
  kHeaderSize,   // a request line and fields over max_header_bytes: answered 431, then closed
  kConnections,  // a connection beyond max_connections: closed at once
  kReadTimeout,  // a request (or a new connection's first one) not complete within read_timeout:
                 // closed (the idle wait between keep-alive requests is not counted)
};

struct ServerOptions {
  std::string host = "127.0.0.1";           // an IPv4 or IPv6 address literal, or "localhost"
  std::uint16_t port = 8080;                // 0 picks a free port (see Server::port())
  std::size_t max_body_bytes = 1 << 20;     // larger bodies get 413 before they are read
  std::size_t max_header_bytes = 16 << 10;  // request line + fields; larger gets 431
  // Whole request (request line, headers, body) once its first byte arrived; also the TLS
  // handshake and the wait for a new connection's first request. Cuts off slow clients.
  std::chrono::milliseconds read_timeout{10'000};
  // Wait for the next request on a kept-alive connection.
  std::chrono::milliseconds idle_timeout{15'000};
  // Requests served on one connection at most; the last of them is answered with
  // "Connection: close", so no client holds a connection (and its slot) forever.
  std::size_t max_requests_per_connection = 1000;
  // Open connections at most; one accepted beyond it is closed at once (see limit_reached).
  // Keep it well below the process's file descriptor limit (RLIMIT_NOFILE).
  std::size_t max_connections = 512;
  // Writing one response to a client that does not read.
  std::chrono::milliseconds write_timeout{10'000};
  unsigned threads = 2;
  std::optional<TlsFiles> tls{};
  // Called on a server thread after every response; must be thread-safe. The server logs nothing
  // by itself. Exceptions from it are swallowed.
  std::function<void(const AccessLogEntry&)> access_log{};
  // Called on a server thread each time one of the limits above refuses a request or connection,
  // before the client sees the refusal; must be thread-safe. Exceptions from it are swallowed.
  std::function<void(ServerLimit)> limit_reached{};
};

}  // namespace veil::http
