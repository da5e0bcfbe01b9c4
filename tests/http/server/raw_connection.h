#pragma once
// Test-only: a blocking loopback TCP client that sends exact bytes and reads raw responses, for
// the cases a real HTTP client would not produce (pipelining, malformed requests, dribbling).

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

namespace veil::http::test {

class RawConnection {
 public:
  explicit RawConnection(std::uint16_t port);  // 127.0.0.1:port; check connected()
  // From the loopback address `source` (e.g. "127.0.0.7"), so that a test can be several clients.
  RawConnection(std::uint16_t port, const char* source);
  ~RawConnection();
  RawConnection(const RawConnection&) = delete;
  RawConnection& operator=(const RawConnection&) = delete;

  bool connected() const { return fd_ >= 0; }
  // False when the peer has reset the connection.
  bool Send(std::string_view bytes);
  // One response: headers, then a Content-Length body if any. Empty when the connection closed
  // or nothing complete arrived within `limit` (a safety bound, not a synchronization wait).
  std::string ReadResponse(std::chrono::milliseconds limit = std::chrono::seconds(10));
  // Discards input until the peer closes (true) or `limit` passes (false).
  bool WaitForClose(std::chrono::milliseconds limit = std::chrono::seconds(10));
  // Closes our side now (for the client-disconnects-mid-request cases).
  void Close();

 private:
  // Appends what arrives before `deadline` to buffer_; false on end of stream, error or deadline.
  bool ReadMore(std::chrono::steady_clock::time_point deadline);

  int fd_ = -1;
  std::string buffer_;
};

// The status code of a raw response's status line (0 when there is none).
unsigned StatusOf(std::string_view response);
// The first value of header `name` in a raw response (case-insensitive; empty when absent).
std::string HeaderOf(std::string_view response, std::string_view name);
// What follows the blank line of a raw response.
std::string BodyOf(std::string_view response);

}  // namespace veil::http::test
