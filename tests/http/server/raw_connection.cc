#include "raw_connection.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>

#include "veil/http/message/headers.h"

namespace veil::http::test {
namespace {

using SteadyClock = std::chrono::steady_clock;

int RemainingMs(SteadyClock::time_point deadline) {
  const auto left =
      std::chrono::duration_cast<std::chrono::milliseconds>(deadline - SteadyClock::now());
  return left.count() > 0 ? static_cast<int>(left.count()) : 0;
}

std::size_t ContentLength(std::string_view head) {
  const std::string value = HeaderOf(head, "Content-Length");
  return value.empty() ? 0 : static_cast<std::size_t>(std::strtoull(value.c_str(), nullptr, 10));
}

}  // namespace

RawConnection::RawConnection(std::uint16_t port) : RawConnection(port, nullptr) {}

RawConnection::RawConnection(std::uint16_t port, const char* source) {
  fd_ = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd_ < 0) return;
  if (source != nullptr) {
    sockaddr_in local{};
    local.sin_family = AF_INET;
    if (inet_pton(AF_INET, source, &local.sin_addr) != 1 ||
        bind(fd_, reinterpret_cast<const sockaddr*>(&local), sizeof local) != 0) {
      Close();
      return;
    }
  }
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(port);
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (connect(fd_, reinterpret_cast<const sockaddr*>(&address), sizeof address) != 0) Close();
}

RawConnection::~RawConnection() { Close(); }

void RawConnection::Close() {
  if (fd_ >= 0) close(fd_);
  fd_ = -1;
}

bool RawConnection::Send(std::string_view bytes) {
  while (!bytes.empty()) {
    const ssize_t sent = send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL);
    if (sent < 0 && errno == EINTR) continue;
    if (sent <= 0) return false;
    bytes.remove_prefix(static_cast<std::size_t>(sent));
  }
  return true;
}

bool RawConnection::ReadMore(SteadyClock::time_point deadline) {
  pollfd readable{fd_, POLLIN, 0};
  if (poll(&readable, 1, RemainingMs(deadline)) <= 0) return false;
  char chunk[4096];
  const ssize_t received = recv(fd_, chunk, sizeof chunk, 0);
  if (received <= 0) return false;
  buffer_.append(chunk, static_cast<std::size_t>(received));
  return true;
}

std::string RawConnection::ReadResponse(std::chrono::milliseconds limit) {
  const auto deadline = SteadyClock::now() + limit;
  std::size_t head_end;
  while ((head_end = buffer_.find("\r\n\r\n")) == std::string::npos) {
    if (!ReadMore(deadline)) return {};
  }
  const std::size_t total =
      head_end + 4 + ContentLength(std::string_view(buffer_).substr(0, head_end + 2));
  while (buffer_.size() < total) {
    if (!ReadMore(deadline)) return {};
  }
  std::string response = buffer_.substr(0, total);
  buffer_.erase(0, total);
  return response;
}

bool RawConnection::WaitForClose(std::chrono::milliseconds limit) {
  const auto deadline = SteadyClock::now() + limit;
  while (SteadyClock::now() < deadline) {
    pollfd readable{fd_, POLLIN, 0};
    if (poll(&readable, 1, RemainingMs(deadline)) <= 0) continue;
    char chunk[4096];
    if (recv(fd_, chunk, sizeof chunk, 0) <= 0) return true;  // end of stream or reset
  }
  return false;
}

unsigned StatusOf(std::string_view response) {
  if (!response.starts_with("HTTP/1.") || response.size() < 12) return 0;
  return static_cast<unsigned>(
      std::strtoul(std::string(response.substr(9, 3)).c_str(), nullptr, 10));
}

std::string HeaderOf(std::string_view response, std::string_view name) {
  std::size_t line_start = response.find("\r\n");
  while (line_start != std::string_view::npos && line_start + 2 < response.size()) {
    line_start += 2;
    const std::size_t line_end = response.find("\r\n", line_start);
    const std::string_view line = response.substr(line_start, line_end - line_start);
    if (line.empty()) break;
    const std::size_t colon = line.find(':');
    if (colon != std::string_view::npos && EqualsIgnoreCase(line.substr(0, colon), name)) {
      std::string_view value = line.substr(colon + 1);
      while (value.starts_with(' ')) value.remove_prefix(1);
      return std::string(value);
    }
    line_start = line_end;
  }
  return {};
}

std::string BodyOf(std::string_view response) {
  const std::size_t head_end = response.find("\r\n\r\n");
  return head_end == std::string_view::npos ? std::string()
                                            : std::string(response.substr(head_end + 4));
}

}  // namespace veil::http::test
