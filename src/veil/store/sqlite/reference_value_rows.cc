#include "veil/store/sqlite/reference_value_rows.h"

#include <set>

#include "veil/store/unix_time.h"

namespace veil::store::sqlite {
namespace {

Status DeleteValue(Database& db, std::string_view name, std::string_view value) {
  VEIL_ASSIGN_OR_RETURN(Statement statement,
                        db.Prepare("DELETE FROM reference_values WHERE name = ?1 AND value = ?2"));
  VEIL_TRY(statement.Bind(1, name));
  VEIL_TRY(statement.Bind(2, value));
  return statement.Run();
}

Result<std::int64_t> CountValues(Database& db, std::string_view name) {
  VEIL_ASSIGN_OR_RETURN(Statement statement,
                        db.Prepare("SELECT count(*) FROM reference_values WHERE name = ?1"));
  VEIL_TRY(statement.Bind(1, name));
  VEIL_ASSIGN_OR_RETURN(bool row, statement.Step());
  if (!row) return Fail(Internal("reference_values: count(*) returned no row"));
  return statement.Int64(0);
}

// Inserts each value after the last of its name (position max + 1).
Status InsertValues(Database& db, const ReferenceValue& reference, std::int64_t now) {
  VEIL_ASSIGN_OR_RETURN(
      Statement statement,
      db.Prepare("INSERT INTO reference_values "
                 "(name, value, position, expires_at, provenance, updated_at, kind, scalar) "
                 "VALUES (?1, ?2, (SELECT coalesce(max(position) + 1, 0) FROM reference_values "
                 "WHERE name = ?1), ?3, ?4, ?5, ?6, ?7)"));
  for (std::size_t i = 0; i < reference.values.size(); ++i) {
    statement.Reset();
    VEIL_TRY(statement.Bind(1, reference.name));
    VEIL_TRY(statement.Bind(2, reference.values[i]));
    VEIL_TRY(reference.expires_at ? statement.Bind(3, ToUnixSeconds(*reference.expires_at))
                                  : statement.BindNull(3));
    VEIL_TRY(statement.Bind(4, reference.provenance));
    VEIL_TRY(statement.Bind(5, now));
    VEIL_TRY(statement.Bind(6, ReferenceValueKindName(reference.KindOf(i))));
    VEIL_TRY(statement.Bind(7, std::int64_t{reference.scalar ? 1 : 0}));
    VEIL_TRY(statement.Run());
  }
  return {};
}

Result<StoredReferenceValue> DecodeRow(const Statement& row) {
  StoredReferenceValue stored;
  stored.name = row.Text(0);
  stored.value = row.Text(1);
  if (!row.IsNull(2)) {
    VEIL_ASSIGN_OR_RETURN(stored.expires_at,
                          FromUnixSeconds(row.Int64(2), "reference_values.expires_at"));
  }
  stored.provenance = row.Text(3);
  VEIL_ASSIGN_OR_RETURN(stored.updated_at,
                        FromUnixSeconds(row.Int64(4), "reference_values.updated_at"));
  const std::string kind = row.Text(5);
  const std::optional<ReferenceValueKind> parsed = ParseReferenceValueKind(kind);
  if (!parsed) return Fail(Malformed("reference_values.kind: unknown kind \"" + kind + "\""));
  stored.kind = *parsed;
  stored.scalar = row.Int64(6) != 0;
  return stored;
}

}  // namespace

Status ReplaceReferenceValueRows(Database& db, std::span<const ReferenceValue> references,
                                 std::int64_t now) {
  std::set<std::string_view> names;
  for (const ReferenceValue& reference : references) names.insert(reference.name);
  for (std::string_view name : names) {
    auto deleted = DeleteReferenceValueRows(db, name);
    if (!deleted && deleted.error().code != ErrorCode::kNotFound) return deleted;
  }
  for (const ReferenceValue& reference : references) VEIL_TRY(InsertValues(db, reference, now));
  return {};
}

Status AppendReferenceValueRows(Database& db, const ReferenceValue& reference, std::int64_t now) {
  for (const std::string& value : reference.values)
    VEIL_TRY(DeleteValue(db, reference.name, value));
  VEIL_TRY(InsertValues(db, reference, now));
  VEIL_ASSIGN_OR_RETURN(std::int64_t count, CountValues(db, reference.name));
  if (count > static_cast<std::int64_t>(kMaxReferenceValueCount)) {
    return Fail(InvalidArgument("reference value " + reference.name + ": expected at most " +
                                std::to_string(kMaxReferenceValueCount) + " values, got " +
                                std::to_string(count)));
  }
  return {};
}

Status RemoveReferenceValueRows(Database& db, std::string_view name,
                                std::span<const std::string> values) {
  for (const std::string& value : values) {
    VEIL_TRY(DeleteValue(db, name, value));
    if (db.ChangedRows() == 0) {
      return Fail(
          NotFound("reference value " + std::string(name) + " has no value \"" + value + "\""));
    }
  }
  return {};
}

Status DeleteReferenceValueRows(Database& db, std::string_view name) {
  VEIL_ASSIGN_OR_RETURN(Statement statement,
                        db.Prepare("DELETE FROM reference_values WHERE name = ?1"));
  VEIL_TRY(statement.Bind(1, name));
  VEIL_TRY(statement.Run());
  if (db.ChangedRows() == 0)
    return Fail(NotFound("reference value " + std::string(name) + " does not exist"));
  return {};
}

Result<std::vector<StoredReferenceValue>> SelectReferenceValueRows(Database& db) {
  VEIL_ASSIGN_OR_RETURN(
      Statement statement,
      db.Prepare("SELECT name, value, expires_at, provenance, updated_at, kind, scalar "
                 "FROM reference_values ORDER BY name, position"));
  std::vector<StoredReferenceValue> rows;
  while (true) {
    VEIL_ASSIGN_OR_RETURN(bool row, statement.Step());
    if (!row) return rows;
    VEIL_ASSIGN_OR_RETURN(StoredReferenceValue stored, DecodeRow(statement));
    rows.push_back(std::move(stored));
  }
}

}  // namespace veil::store::sqlite
