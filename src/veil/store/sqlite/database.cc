#include "veil/store/sqlite/database.h"

#include <sqlite3.h>

#include <cctype>
#include <limits>
#include <string>
#include <system_error>

namespace veil::store::sqlite {
namespace {

ErrorCode CodeFor(int code) {
  switch (code & 0xff) {  // the primary result code
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
    case SQLITE_IOERR:
    case SQLITE_FULL:
    case SQLITE_CANTOPEN:
    case SQLITE_READONLY:
    case SQLITE_PERM:
      return ErrorCode::kUnavailable;
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
      return ErrorCode::kMalformed;
    default:
      return ErrorCode::kInternal;
  }
}

// busy/locked/I/O/full/read-only/cannot-open -> kUnavailable, corrupt/not-a-database -> kMalformed,
// anything else (constraints and triggers included) -> kInternal.
Error SqliteError(sqlite3* db, int code, std::string_view operation) {
  // sqlite3_errmsg describes the most recent failure on `db`; without a connection use the code.
  const char* text = db != nullptr ? sqlite3_errmsg(db) : sqlite3_errstr(code);
  std::string message =
      std::string(operation) + ": " + text + " (sqlite code " + std::to_string(code) + ")";
  return Error{CodeFor(code), std::move(message), "sqlite"};
}

// A mistake in our own SQL or in how it is used (never caused by stored data).
Error Misuse(std::string message) {
  return Error{ErrorCode::kInternal, std::move(message), "sqlite"};
}

// How long a writer waits for another connection's write transaction before kUnavailable.
constexpr int kBusyTimeoutMilliseconds = 10'000;

bool IsBlank(std::string_view text) {
  for (char c : text) {
    if (!std::isspace(static_cast<unsigned char>(c))) return false;
  }
  return true;
}

Status CheckSqlSize(std::string_view sql) {
  if (sql.size() > static_cast<std::size_t>(std::numeric_limits<int>::max())) {
    return Fail(Misuse("SQL text of " + std::to_string(sql.size()) + " bytes is too long"));
  }
  return {};
}

Status ConfigureConnection(sqlite3* db) {
  // Defensive mode forbids writable_schema and other ways of corrupting the file through SQL;
  // an untrusted schema keeps functions with side effects out of triggers and views.
  int rc = sqlite3_db_config(db, SQLITE_DBCONFIG_DEFENSIVE, 1, nullptr);
  if (rc == SQLITE_OK) rc = sqlite3_db_config(db, SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0, nullptr);
  if (rc == SQLITE_OK) rc = sqlite3_busy_timeout(db, kBusyTimeoutMilliseconds);
  if (rc != SQLITE_OK) return Fail(SqliteError(db, rc, "configure connection"));
  return {};
}

}  // namespace

void ConnectionCloser::operator()(sqlite3* db) const noexcept { sqlite3_close_v2(db); }
void StatementRelease::operator()(sqlite3_stmt* statement) const noexcept {
  if (cached == nullptr) {
    sqlite3_finalize(statement);
    return;
  }
  // Reset now rather than at the next use: a SELECT left mid-way would keep its read snapshot
  // (and so the WAL) until then. sqlite3_reset repeats the last step's error, already reported.
  (void)sqlite3_reset(statement);
  (void)sqlite3_clear_bindings(statement);
  StatementCache::Release(cached);
}

Status Statement::Bind(int index, std::int64_t value) {
  const int rc = sqlite3_bind_int64(statement_.get(), index, value);
  if (rc != SQLITE_OK) return Fail(SqliteError(db_, rc, "bind parameter " + std::to_string(index)));
  return {};
}

Status Statement::Bind(int index, std::string_view text) {
  // A null pointer would bind SQL NULL: an empty text still needs a valid address.
  const char* data = text.empty() ? "" : text.data();
  const int rc = sqlite3_bind_text64(statement_.get(), index, data, text.size(), SQLITE_TRANSIENT,
                                     SQLITE_UTF8);
  if (rc != SQLITE_OK) return Fail(SqliteError(db_, rc, "bind parameter " + std::to_string(index)));
  return {};
}

Status Statement::Bind(int index, ByteSpan blob) {
  const int rc = blob.empty() ? sqlite3_bind_zeroblob(statement_.get(), index, 0)
                              : sqlite3_bind_blob64(statement_.get(), index, blob.data(),
                                                    blob.size(), SQLITE_TRANSIENT);
  if (rc != SQLITE_OK) return Fail(SqliteError(db_, rc, "bind parameter " + std::to_string(index)));
  return {};
}

Status Statement::BindNull(int index) {
  const int rc = sqlite3_bind_null(statement_.get(), index);
  if (rc != SQLITE_OK) return Fail(SqliteError(db_, rc, "bind parameter " + std::to_string(index)));
  return {};
}

Result<bool> Statement::Step() {
  const int rc = sqlite3_step(statement_.get());
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  return Fail(SqliteError(db_, rc, "execute"));
}

Status Statement::Run() {
  VEIL_ASSIGN_OR_RETURN(bool row, Step());
  if (row) return Fail(Misuse("expected a statement without result rows, got a row"));
  return {};
}

void Statement::Reset() {
  // sqlite3_reset repeats the error of the last step, which Step() has already reported.
  (void)sqlite3_reset(statement_.get());
  (void)sqlite3_clear_bindings(statement_.get());
}

bool Statement::IsNull(int column) const {
  return sqlite3_column_type(statement_.get(), column) == SQLITE_NULL;
}

std::int64_t Statement::Int64(int column) const {
  return sqlite3_column_int64(statement_.get(), column);
}

std::string Statement::Text(int column) const {
  // sqlite3_column_text before sqlite3_column_bytes, as SQLite's documentation asks.
  const unsigned char* text = sqlite3_column_text(statement_.get(), column);
  const int size = sqlite3_column_bytes(statement_.get(), column);
  if (text == nullptr || size <= 0) return {};
  return std::string(reinterpret_cast<const char*>(text), static_cast<std::size_t>(size));
}

Bytes Statement::Blob(int column) const {
  const auto* blob =
      static_cast<const std::uint8_t*>(sqlite3_column_blob(statement_.get(), column));
  const int size = sqlite3_column_bytes(statement_.get(), column);
  if (blob == nullptr || size <= 0) return {};
  return Bytes(blob, blob + size);
}

Result<Database> Database::Open(const std::filesystem::path& file, Mode mode) {
  std::error_code error;
  if (!std::filesystem::exists(file, error)) {
    return Fail(
        NotFound("database file " + file.string() + " does not exist").WithContext("sqlite"));
  }
  const int flags = (mode == Mode::kReadOnly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE) |
                    SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_EXRESCODE;
  sqlite3* raw = nullptr;
  const int rc = sqlite3_open_v2(file.c_str(), &raw, flags, nullptr);
  Database database(raw);  // SQLite allocates a handle even when opening fails: always own it.
  if (rc != SQLITE_OK) return Fail(SqliteError(raw, rc, "open " + file.string()));
  VEIL_TRY(ConfigureConnection(raw));
  return database;
}

Status Database::Execute(std::string_view sql) {
  VEIL_TRY(CheckSqlSize(sql));
  while (!IsBlank(sql)) {
    sqlite3_stmt* raw = nullptr;
    const char* tail = nullptr;
    const int rc =
        sqlite3_prepare_v2(db_.get(), sql.data(), static_cast<int>(sql.size()), &raw, &tail);
    Statement statement(db_.get(), raw, nullptr);
    if (rc != SQLITE_OK) return Fail(SqliteError(db_.get(), rc, "prepare"));
    if (raw == nullptr) break;  // only comments were left
    while (true) {
      VEIL_ASSIGN_OR_RETURN(bool row, statement.Step());
      if (!row) break;
    }
    sql.remove_prefix(static_cast<std::size_t>(tail - sql.data()));
  }
  return {};
}

Result<Statement> Database::Prepare(std::string_view sql) {
  if (StatementCache::Entry* cached = statements_.LeaseIdle(sql)) {
    return Statement(db_.get(), cached->statement.get(), cached);
  }
  VEIL_TRY(CheckSqlSize(sql));
  sqlite3_stmt* raw = nullptr;
  const char* tail = nullptr;
  const int rc =
      sqlite3_prepare_v2(db_.get(), sql.data(), static_cast<int>(sql.size()), &raw, &tail);
  StatementPtr prepared(raw);
  if (rc != SQLITE_OK) return Fail(SqliteError(db_.get(), rc, "prepare"));
  if (raw == nullptr) return Fail(Misuse("prepare: expected a statement, got none"));
  if (!IsBlank(sql.substr(static_cast<std::size_t>(tail - sql.data())))) {
    return Fail(Misuse("prepare: expected exactly one statement, got more"));
  }
  if (StatementCache::Entry* kept = statements_.KeepLeased(sql, prepared)) {
    return Statement(db_.get(), kept->statement.get(), kept);
  }
  return Statement(db_.get(), prepared.release(), nullptr);
}

std::int64_t Database::ChangedRows() const { return sqlite3_changes64(db_.get()); }

bool Database::InTransaction() const { return sqlite3_get_autocommit(db_.get()) == 0; }

}  // namespace veil::store::sqlite
