#pragma once
// Test-only: a TCP socket on 127.0.0.1 with a kernel-chosen port that nobody serves. Bound only,
// connecting to it is refused; listening, the kernel completes connections that are then never
// answered (a server that hangs).

#include <cstdint>

namespace veil::http::test {

class LoopbackSocket {
 public:
  enum class Mode { kBoundOnly, kListening };
  explicit LoopbackSocket(Mode mode);
  ~LoopbackSocket();
  LoopbackSocket(const LoopbackSocket&) = delete;
  LoopbackSocket& operator=(const LoopbackSocket&) = delete;

  bool ok() const { return port_ != 0; }
  std::uint16_t port() const { return port_; }
  int fd() const { return fd_; }
  // Wakes a thread blocked in accept() on fd().
  void Shutdown();

 private:
  int fd_ = -1;
  std::uint16_t port_ = 0;
};

}  // namespace veil::http::test
