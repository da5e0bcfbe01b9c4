#include "veil/store/sqlite/transaction.h"

namespace veil::store::sqlite {

Result<Transaction> Transaction::BeginImmediate(Database& db) {
  VEIL_TRY(db.Execute("BEGIN IMMEDIATE"));
  return Transaction(db);
}

Transaction::~Transaction() {
  // SQLite rolls back by itself after some errors (e.g. SQLITE_FULL); only roll back what is open.
  if (db_ != nullptr && db_->InTransaction()) (void)db_->Execute("ROLLBACK");
}

Status Transaction::Commit() {
  VEIL_CHECK(db_ != nullptr);  // committing twice is a bug
  VEIL_TRY(db_->Execute("COMMIT"));
  db_ = nullptr;
  return {};
}

}  // namespace veil::store::sqlite
