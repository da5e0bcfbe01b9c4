#include "veil/store/postgres/connection_pool.h"

#include <utility>

namespace veil::store::postgres {

ConnectionPool::Lease::~Lease() {
  if (connection_) pool_->Return(std::move(*connection_));
}

ConnectionPool::ConnectionPool(std::string url, std::size_t max_connections, Connection first)
    : url_(std::move(url)), max_connections_(max_connections) {
  VEIL_CHECK(max_connections >= 1);
  idle_.push_back(std::move(first));
}

Result<ConnectionPool::Lease> ConnectionPool::Acquire() {
  std::unique_lock lock(mutex_);
  returned_.wait(lock, [&] { return !idle_.empty() || open_ < max_connections_; });
  if (!idle_.empty()) {
    Connection connection = std::move(idle_.back());
    idle_.pop_back();
    lock.unlock();
    if (auto connected = connection.EnsureConnected(); !connected) {
      Forget();
      return Fail(std::move(connected).error());
    }
    return Lease(*this, std::move(connection));
  }
  ++open_;
  lock.unlock();
  auto opened = Connection::Open(url_);
  if (!opened) {
    Forget();
    return Fail(std::move(opened).error());
  }
  return Lease(*this, std::move(*opened));
}

void ConnectionPool::Return(Connection connection) {
  // A lease ends between statements; one still inside a transaction (or broken, whose state is
  // unknown) is not handed to the next thread.
  if (connection.InTransaction()) {
    Forget();
    return;
  }
  std::lock_guard lock(mutex_);
  idle_.push_back(std::move(connection));
  returned_.notify_one();
}

void ConnectionPool::Forget() {
  std::lock_guard lock(mutex_);
  --open_;
  returned_.notify_one();
}

}  // namespace veil::store::postgres
