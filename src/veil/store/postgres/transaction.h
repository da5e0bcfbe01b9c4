#pragma once
// Transaction: BEGIN ... COMMIT on one Connection (READ COMMITTED), rolled back by the destructor
// unless committed. Writers serialize on the audit lock (audit_rows.h) taken first inside it.

#include "veil/base/result.h"
#include "veil/store/postgres/connection.h"

namespace veil::store::postgres {

class Transaction {
 public:
  static Result<Transaction> Begin(Connection& connection);

  Transaction(Transaction&& other) noexcept : connection_(other.connection_) {
    other.connection_ = nullptr;
  }
  Transaction& operator=(Transaction&&) = delete;
  ~Transaction();

  // On failure the transaction is rolled back (by the destructor) and the error returned.
  Status Commit();

 private:
  explicit Transaction(Connection& connection) : connection_(&connection) {}

  Connection* connection_;  // null once committed or moved from
};

}  // namespace veil::store::postgres
