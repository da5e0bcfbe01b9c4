#include "loopback_socket.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

namespace veil::http::test {

LoopbackSocket::LoopbackSocket(Mode mode) {
  fd_ = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd_ < 0) return;
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.sin_port = 0;
  if (bind(fd_, reinterpret_cast<const sockaddr*>(&address), sizeof address) != 0) return;
  if (mode == Mode::kListening && listen(fd_, 16) != 0) return;
  socklen_t length = sizeof address;
  if (getsockname(fd_, reinterpret_cast<sockaddr*>(&address), &length) != 0) return;
  port_ = ntohs(address.sin_port);
}

LoopbackSocket::~LoopbackSocket() {
  if (fd_ >= 0) close(fd_);
}

void LoopbackSocket::Shutdown() { shutdown(fd_, SHUT_RDWR); }

}  // namespace veil::http::test
