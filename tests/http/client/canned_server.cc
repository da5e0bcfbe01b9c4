#include "canned_server.h"

#include <sys/socket.h>
#include <unistd.h>

namespace veil::http::test {

CannedServer::CannedServer(std::string response) : response_(std::move(response)) {
  thread_ = std::thread([this] { ServeOne(); });
}

CannedServer::~CannedServer() {
  listener_.Shutdown();
  thread_.join();
}

void CannedServer::ServeOne() {
  const int fd = accept4(listener_.fd(), nullptr, nullptr, SOCK_CLOEXEC);
  if (fd < 0) return;
  std::string request;
  char chunk[4096];
  while (request.find("\r\n\r\n") == std::string::npos) {
    const ssize_t received = recv(fd, chunk, sizeof chunk, 0);
    if (received <= 0) break;
    request.append(chunk, static_cast<std::size_t>(received));
  }
  std::string_view rest = response_;
  while (!rest.empty()) {
    const ssize_t sent = send(fd, rest.data(), rest.size(), MSG_NOSIGNAL);
    if (sent <= 0) break;
    rest.remove_prefix(static_cast<std::size_t>(sent));
  }
  close(fd);
}

}  // namespace veil::http::test
