#pragma once
// QueryResult: RAII over a libpq PGresult holding rows in binary format (Connection asks for it),
// with typed, length-checked column access. Columns of type bigint decode as Int64, boolean as
// Boolean, text and bytea as raw bytes.

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include <libpq-fe.h>

#include "veil/base/bytes.h"
#include "veil/base/result.h"

namespace veil::store::postgres {

struct ResultClearer {
  void operator()(PGresult* result) const noexcept { PQclear(result); }
};

class QueryResult {
 public:
  explicit QueryResult(PGresult* result) : result_(result) {}

  // Null when libpq could not allocate a result or lost the connection.
  const PGresult* get() const { return result_.get(); }
  int rows() const { return PQntuples(result_.get()); }
  // Rows an INSERT, UPDATE or DELETE changed.
  std::int64_t ChangedRows() const;

  // Columns are numbered from 0; `name` only labels errors. Text and Bytea copy.
  bool IsNull(int row, int column) const;
  std::string Text(int row, int column) const;
  Bytes Bytea(int row, int column) const;
  // kMalformed, naming `name`, unless the value is a binary bigint (8 bytes) / boolean (1 byte).
  Result<std::int64_t> Int64(int row, int column, std::string_view name) const;
  Result<bool> Boolean(int row, int column, std::string_view name) const;

 private:
  std::unique_ptr<PGresult, ResultClearer> result_;
};

}  // namespace veil::store::postgres
