#include "veil/store/sqlite/key_check_rows.h"

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

namespace veil::store::sqlite {

Result<std::optional<Bytes>> SelectKeyCheck(Database& db) {
  VEIL_ASSIGN_OR_RETURN(Statement statement, db.Prepare("SELECT value FROM key_check"));
  VEIL_ASSIGN_OR_RETURN(bool row, statement.Step());
  if (!row) return std::optional<Bytes>();
  return std::optional<Bytes>(statement.Blob(0));
}

Status InsertKeyCheckIfAbsent(Database& db, ByteSpan key_check) {
  VEIL_ASSIGN_OR_RETURN(
      Statement statement,
      db.Prepare("INSERT INTO key_check (id, value) VALUES (1, ?1) ON CONFLICT (id) DO NOTHING"));
  VEIL_TRY(statement.Bind(1, key_check));
  return statement.Run();
}

Status RequireKeyCheck(Database& db, ByteSpan expected) {
  VEIL_ASSIGN_OR_RETURN(std::optional<Bytes> stored, SelectKeyCheck(db));
  if (!stored) return Fail(VerificationFailed("expected a stored key check value, found none"));
  // The key check value is not secret: a plain comparison will do.
  if (!std::equal(stored->begin(), stored->end(), expected.begin(), expected.end())) {
    return Fail(VerificationFailed(
        "the stored key check value is not the expected one (another rotation ran first?)"));
  }
  return {};
}

Status ReplaceKeyCheck(Database& db, ByteSpan key_check) {
  VEIL_ASSIGN_OR_RETURN(Statement statement,
                        db.Prepare("UPDATE key_check SET value = ?1 WHERE id = 1"));
  VEIL_TRY(statement.Bind(1, key_check));
  VEIL_TRY(statement.Run());
  if (db.ChangedRows() != 1) return Fail(Internal("key_check: expected one row to update"));
  return {};
}

Status ResealResourceRows(Database& db, const Store::Resealer& reseal) {
  std::vector<std::pair<std::string, Bytes>> rows;
  {
    VEIL_ASSIGN_OR_RETURN(Statement select,
                          db.Prepare("SELECT path, sealed FROM resources ORDER BY path"));
    while (true) {
      VEIL_ASSIGN_OR_RETURN(bool row, select.Step());
      if (!row) break;
      rows.emplace_back(select.Text(0), select.Blob(1));
    }
  }
  VEIL_ASSIGN_OR_RETURN(Statement update,
                        db.Prepare("UPDATE resources SET sealed = ?2 WHERE path = ?1"));
  for (const auto& [text, sealed] : rows) {
    VEIL_ASSIGN_OR_RETURN(Bytes resealed, reseal(text, sealed));
    if (resealed.empty())
      return Fail(InvalidArgument("resource " + text + ": expected sealed bytes, got none"));
    update.Reset();
    VEIL_TRY(update.Bind(1, text));
    VEIL_TRY(update.Bind(2, ByteSpan(resealed)));
    VEIL_TRY(update.Run());
  }
  return {};
}

}  // namespace veil::store::sqlite
