#pragma once
// Test-only: a loopback server that answers its first connection with fixed bytes, for responses
// our own server would never send (interim 100, folded headers, chunked bodies).

#include <cstdint>
#include <string>
#include <thread>

#include "loopback_socket.h"

namespace veil::http::test {

class CannedServer {
 public:
  // Accepts one connection, reads the request head, writes `response`, closes.
  explicit CannedServer(std::string response);
  ~CannedServer();  // joins (waking the accept if nobody connected)

  std::uint16_t port() const { return listener_.port(); }

 private:
  void ServeOne();

  LoopbackSocket listener_{LoopbackSocket::Mode::kListening};
  std::string response_;
  std::thread thread_;
};

}  // namespace veil::http::test
