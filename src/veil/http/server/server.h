#pragma once
// An embedded HTTP/1.1 server (keep-alive, bounded requests, optional TLS 1.3) that hands every
// complete request to one Handler (a Router, usually). It serves on its own threads from Start
// until Stop or destruction.

#include <cstdint>
#include <memory>

#include "veil/base/result.h"
#include "veil/http/server/handler.h"
#include "veil/http/server/server_options.h"

namespace veil::http {

class Server {
 public:
  // Binds and listens, then serves on `options.threads` background threads.
  // kInvalidArgument for unusable options (host not an IP literal, zero threads or limits, empty
  // handler, unreadable or mismatched TLS files), kUnavailable when the address cannot be bound.
  static Result<std::unique_ptr<Server>> Start(const ServerOptions& options, Handler handler);

  ~Server();  // Stop()
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // The bound port (the chosen one when options.port was 0).
  std::uint16_t port() const { return port_; }

  // Stops accepting, closes every connection and joins the threads; waits for handlers that are
  // running. Idempotent. Must not be called from a handler or the access log hook.
  void Stop();

 private:
  class Running;
  Server(std::uint16_t port, std::unique_ptr<Running> running);

  std::uint16_t port_;
  std::unique_ptr<Running> running_;
};

}  // namespace veil::http
