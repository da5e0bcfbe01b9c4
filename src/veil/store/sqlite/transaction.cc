#include "veil/store/sqlite/transaction.h"

namespace veil::store::sqlite {

Result<Transaction> Transaction::BeginImmediate(Database& db) {
  VEIL_ASSIGN_OR_RETURN(Statement begin, db.Prepare("BEGIN IMMEDIATE"));
  VEIL_TRY(begin.Run());
  return Transaction(db);
}

Transaction::~Transaction() {
  // SQLite rolls back by itself after some errors (e.g. SQLITE_FULL); only roll back what is open.
  if (db_ == nullptr || !db_->InTransaction()) return;
  auto rollback = db_->Prepare("ROLLBACK");
  if (rollback) (void)rollback->Run();
}

Status Transaction::Commit() {
  VEIL_CHECK(db_ != nullptr);  // committing twice is a bug
  VEIL_ASSIGN_OR_RETURN(Statement commit, db_->Prepare("COMMIT"));
  VEIL_TRY(commit.Run());
  db_ = nullptr;
  return {};
}

}  // namespace veil::store::sqlite
