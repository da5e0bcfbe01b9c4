#pragma once
// Internal: the server's bound on open connections. Each served connection holds a slot for its
// whole life; a connection accepted while every slot is held is closed at once, so a client
// holding idle connections cannot use up the process's file descriptors.

#include <atomic>
#include <cstddef>
#include <memory>
#include <optional>

namespace veil::http::internal {

class ConnectionSlot {
 public:
  using Counter = std::shared_ptr<std::atomic<std::size_t>>;

  // A slot when fewer than `max` are held on `open`, else nullopt.
  static std::optional<ConnectionSlot> TryAcquire(const Counter& open, std::size_t max) {
    if (open->fetch_add(1) >= max) {
      open->fetch_sub(1);
      return std::nullopt;
    }
    return ConnectionSlot(open);
  }

  ConnectionSlot(ConnectionSlot&& other) noexcept : open_(std::move(other.open_)) {}
  ConnectionSlot& operator=(ConnectionSlot&&) = delete;
  ConnectionSlot(const ConnectionSlot&) = delete;
  ConnectionSlot& operator=(const ConnectionSlot&) = delete;
  ~ConnectionSlot() {
    if (open_) open_->fetch_sub(1);
  }

 private:
  explicit ConnectionSlot(Counter open) : open_(std::move(open)) {}
  Counter open_;
};

}  // namespace veil::http::internal
