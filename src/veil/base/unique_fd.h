#pragma once
// UniqueFd: sole owner of a POSIX file descriptor. The destructor closes it and ignores the
// result (there is no one left to tell); call Close() where close(2)'s result matters — a write
// on NFS or a configfs attribute reports its errors there.

#include <unistd.h>

#include <utility>

namespace veil {

class UniqueFd {
 public:
  UniqueFd() = default;
  // Takes ownership of `fd`; a negative value (a failed open) means "no descriptor".
  explicit UniqueFd(int fd) : fd_(fd) {}
  ~UniqueFd() { Reset(); }
  UniqueFd(UniqueFd&& other) noexcept : fd_(std::exchange(other.fd_, -1)) {}
  UniqueFd& operator=(UniqueFd&& other) noexcept {
    if (this != &other) {
      Reset();
      fd_ = std::exchange(other.fd_, -1);
    }
    return *this;
  }
  UniqueFd(const UniqueFd&) = delete;
  UniqueFd& operator=(const UniqueFd&) = delete;

  bool valid() const { return fd_ >= 0; }
  int get() const { return fd_; }

  // Closes now; 0, or -1 with errno set by close(2). Closing nothing succeeds.
  int Close() { return fd_ < 0 ? 0 : ::close(std::exchange(fd_, -1)); }
  // Closes now, ignoring the result.
  void Reset() {
    if (fd_ >= 0) ::close(std::exchange(fd_, -1));
  }
  // Gives the descriptor up without closing it.
  int Release() { return std::exchange(fd_, -1); }

 private:
  int fd_ = -1;
};

}  // namespace veil
