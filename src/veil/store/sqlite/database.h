#pragma once
// RAII over the SQLite C API: Database owns a sqlite3 connection and the statements prepared on
// it (StatementCache), Statement one use of a prepared sqlite3_stmt. Values only reach SQL through
// Bind*, never through string concatenation.
// <sqlite3.h> stays in the .cc files of this folder. Neither class is thread-safe: the owner
// serializes access (SqliteStore holds a mutex). Failures carry context "sqlite": busy, locked,
// I/O, full, read-only -> kUnavailable; corrupt or not a database -> kMalformed; else kInternal.

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>

#include "veil/base/bytes.h"
#include "veil/base/result.h"
#include "veil/store/sqlite/statement_cache.h"

struct sqlite3;

namespace veil::store::sqlite {

struct ConnectionCloser {
  void operator()(sqlite3* db) const noexcept;
};
// What ends a Statement: a statement of its own is finalized; a cached one is reset, its
// bindings cleared, and returned to its connection's cache for the next Prepare of its text.
struct StatementRelease {
  StatementCache::Entry* cached = nullptr;  // null: the statement is the Statement's own
  void operator()(sqlite3_stmt* statement) const noexcept;
};

// One use of a prepared statement. It may outlive its Database: sqlite3_close_v2 then keeps the
// connection until the statement is finalized.
class Statement {
 public:
  // Parameters are numbered from 1 (?1, ?2, ...). Text and blobs are copied by SQLite.
  Status Bind(int index, std::int64_t value);
  Status Bind(int index, std::string_view text);
  Status Bind(int index, ByteSpan blob);  // an empty span binds an empty blob, not NULL
  Status BindNull(int index);

  // One step: true when a row is available, false when the statement has finished.
  Result<bool> Step();
  // Steps to the end; kInternal if the statement yields a row.
  Status Run();
  // Makes the statement runnable again with new bindings.
  void Reset();

  // Columns of the current row, numbered from 0. Text and Blob copy.
  bool IsNull(int column) const;
  std::int64_t Int64(int column) const;
  std::string Text(int column) const;
  Bytes Blob(int column) const;

 private:
  friend class Database;
  Statement(sqlite3* db, sqlite3_stmt* statement, StatementCache::Entry* cached)
      : db_(db), statement_(statement, StatementRelease{cached}) {}

  sqlite3* db_;  // not owned: for error messages
  std::unique_ptr<sqlite3_stmt, StatementRelease> statement_;
};

class Database {
 public:
  enum class Mode {
    kReadWrite,  // the file must exist (SqliteStore creates it with the right mode first)
    kReadOnly,
  };

  // Opens the connection with extended result codes, defensive mode and untrusted schema, and a
  // busy timeout. kNotFound if the file does not exist, kUnavailable if it cannot be opened.
  static Result<Database> Open(const std::filesystem::path& file, Mode mode);

  // Runs every statement of a constant script (DDL, pragmas); no parameters.
  Status Execute(std::string_view sql);
  // One statement, prepared on the first call with this text and reused after (reset, bindings
  // cleared) for the life of the connection; a fresh one while that one is still in use.
  Result<Statement> Prepare(std::string_view sql);
  std::size_t CachedStatementCount() const { return statements_.size(); }
  std::int64_t ChangedRows() const;  // rows changed by the last INSERT/UPDATE/DELETE
  bool InTransaction() const;

 private:
  explicit Database(sqlite3* db) : db_(db) {}

  std::unique_ptr<sqlite3, ConnectionCloser> db_;
  StatementCache statements_;  // declared after db_: finalized before the connection closes
};

}  // namespace veil::store::sqlite
