#include "veil/store/postgres/key_check_rows.h"

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

namespace veil::store::postgres {
namespace {

Result<std::optional<Bytes>> SelectKeyCheckRow(Connection& connection, const char* sql) {
  VEIL_ASSIGN_OR_RETURN(QueryResult row, connection.Execute(sql));
  if (row.rows() == 0) return std::optional<Bytes>();
  return std::optional<Bytes>(row.Bytea(0, 0));
}

}  // namespace

Result<std::optional<Bytes>> SelectKeyCheck(Connection& connection) {
  return SelectKeyCheckRow(connection, "SELECT value FROM key_check WHERE id = 1");
}

Status InsertKeyCheckIfAbsent(Connection& connection, ByteSpan key_check) {
  VEIL_TRY(connection.Execute(
      "INSERT INTO key_check (id, value) VALUES (1, $1) ON CONFLICT (id) DO NOTHING",
      {Param::Bytea(key_check)}));
  return {};
}

Status RequireKeyCheck(Connection& connection, ByteSpan expected) {
  VEIL_ASSIGN_OR_RETURN(
      std::optional<Bytes> stored,
      SelectKeyCheckRow(connection, "SELECT value FROM key_check WHERE id = 1 FOR UPDATE"));
  if (!stored) return Fail(VerificationFailed("expected a stored key check value, found none"));
  // The key check value is not secret: a plain comparison will do.
  if (!std::equal(stored->begin(), stored->end(), expected.begin(), expected.end())) {
    return Fail(VerificationFailed(
        "the stored key check value is not the expected one (another rotation ran first?)"));
  }
  return {};
}

Status ReplaceKeyCheck(Connection& connection, ByteSpan key_check) {
  VEIL_ASSIGN_OR_RETURN(QueryResult updated,
                        connection.Execute("UPDATE key_check SET value = $1 WHERE id = 1",
                                           {Param::Bytea(key_check)}));
  if (updated.ChangedRows() != 1) return Fail(Internal("key_check: expected one row to update"));
  return {};
}

Status ResealResourceRows(Connection& connection, const Store::Resealer& reseal) {
  VEIL_ASSIGN_OR_RETURN(
      QueryResult rows,
      connection.Execute("SELECT path, sealed FROM resources ORDER BY path FOR UPDATE"));
  for (int row = 0; row < rows.rows(); ++row) {
    const std::string text = rows.Text(row, 0);
    VEIL_ASSIGN_OR_RETURN(Bytes resealed, reseal(text, rows.Bytea(row, 1)));
    if (resealed.empty())
      return Fail(InvalidArgument("resource " + text + ": expected sealed bytes, got none"));
    VEIL_ASSIGN_OR_RETURN(QueryResult updated,
                          connection.Execute("UPDATE resources SET sealed = $2 WHERE path = $1",
                                             {Param::Text(text), Param::Bytea(resealed)}));
    if (updated.ChangedRows() != 1)
      return Fail(Internal("resource " + text + ": expected one row to update"));
  }
  return {};
}

}  // namespace veil::store::postgres
