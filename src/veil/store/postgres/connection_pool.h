#pragma once
// ConnectionPool: up to `max_connections` Connections to one URL, shared by threads. A Lease
// hands one connection to one thread and gives it back when destroyed, so reads need not wait
// behind a write that waits for the audit lock. Connections are opened on demand; a broken one
// is reconnected when leased, or dropped when returned.

#include <condition_variable>
#include <cstddef>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "veil/base/result.h"
#include "veil/store/postgres/connection.h"

namespace veil::store::postgres {

class ConnectionPool {
 public:
  class Lease {
   public:
    Lease(Lease&& other) noexcept : pool_(other.pool_), connection_(std::move(other.connection_)) {
      other.connection_.reset();  // a moved-from optional stays engaged
    }
    Lease& operator=(Lease&&) = delete;
    ~Lease();
    Connection& operator*() { return *connection_; }
    Connection* operator->() { return &*connection_; }

   private:
    friend class ConnectionPool;
    Lease(ConnectionPool& pool, Connection connection)
        : pool_(&pool), connection_(std::move(connection)) {}

    ConnectionPool* pool_;
    std::optional<Connection> connection_;  // empty once moved from
  };

  // `first` (already open) is the pool's first idle connection. max_connections >= 1.
  ConnectionPool(std::string url, std::size_t max_connections, Connection first);
  ConnectionPool(const ConnectionPool&) = delete;
  ConnectionPool& operator=(const ConnectionPool&) = delete;

  // An idle connection, else a new one while fewer than max_connections are open, else waits for
  // one to come back. kUnavailable when a connection cannot be opened or reconnected.
  Result<Lease> Acquire();

 private:
  void Return(Connection connection);
  void Forget();  // a connection was dropped: one more may be opened

  const std::string url_;
  const std::size_t max_connections_;
  std::mutex mutex_;
  std::condition_variable returned_;
  std::vector<Connection> idle_;
  std::size_t open_ = 1;  // idle and leased
};

}  // namespace veil::store::postgres
