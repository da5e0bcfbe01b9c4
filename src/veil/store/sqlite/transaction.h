#pragma once
// Transaction: BEGIN IMMEDIATE ... COMMIT, rolled back by the destructor unless committed.
// IMMEDIATE takes the write lock at the start, so the reads inside (e.g. the audit chain head)
// cannot be invalidated by another connection before the commit.

#include "veil/base/result.h"
#include "veil/store/sqlite/database.h"

namespace veil::store::sqlite {

class Transaction {
 public:
  // kUnavailable when another connection keeps the write lock past the busy timeout.
  static Result<Transaction> BeginImmediate(Database& db);

  Transaction(Transaction&& other) noexcept : db_(other.db_) { other.db_ = nullptr; }
  Transaction& operator=(Transaction&&) = delete;
  ~Transaction();

  // On failure the transaction is rolled back (by the destructor) and the error returned.
  Status Commit();

 private:
  explicit Transaction(Database& db) : db_(&db) {}

  Database* db_;  // null once committed or moved from
};

}  // namespace veil::store::sqlite
