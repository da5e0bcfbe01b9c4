#include "veil/store/postgres/transaction.h"

namespace veil::store::postgres {

Result<Transaction> Transaction::Begin(Connection& connection) {
  VEIL_TRY(connection.ExecuteScript("BEGIN"));
  return Transaction(connection);
}

Transaction::~Transaction() {
  if (connection_ != nullptr && connection_->InTransaction())
    (void)connection_->ExecuteScript("ROLLBACK");
}

Status Transaction::Commit() {
  VEIL_CHECK(connection_ != nullptr);  // committing twice is a bug
  // COMMIT of a transaction in which a statement failed reports success but rolls back; callers
  // return on the first failure, so only healthy transactions reach here.
  VEIL_TRY(connection_->ExecuteScript("COMMIT"));
  connection_ = nullptr;
  return {};
}

}  // namespace veil::store::postgres
