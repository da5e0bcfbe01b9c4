#include "veil/store/postgres/reference_value_rows.h"

#include <set>

#include "veil/store/unix_time.h"

namespace veil::store::postgres {
namespace {

Result<std::int64_t> DeleteValue(Connection& connection, std::string_view name,
                                 std::string_view value) {
  VEIL_ASSIGN_OR_RETURN(
      QueryResult deleted,
      connection.Execute("DELETE FROM reference_values WHERE name = $1 AND value = $2",
                         {Param::Text(name), Param::Text(value)}));
  return deleted.ChangedRows();
}

Result<std::int64_t> CountValues(Connection& connection, std::string_view name) {
  VEIL_ASSIGN_OR_RETURN(QueryResult count,
                        connection.Execute("SELECT count(*) FROM reference_values WHERE name = $1",
                                           {Param::Text(name)}));
  return count.Int64(0, 0, "count(*)");
}

// Inserts each value after the last of its name (position max + 1).
Status InsertValues(Connection& connection, const ReferenceValue& reference, std::int64_t now) {
  for (std::size_t i = 0; i < reference.values.size(); ++i) {
    VEIL_TRY(connection.Execute(
        "INSERT INTO reference_values "
        "(name, value, position, expires_at, provenance, updated_at, kind, scalar) "
        "VALUES ($1, $2, (SELECT coalesce(max(position) + 1, 0) FROM reference_values "
        "WHERE name = $1), $3, $4, $5, $6, $7)",
        {Param::Text(reference.name), Param::Text(reference.values[i]),
         reference.expires_at ? Param::Integer(ToUnixSeconds(*reference.expires_at))
                              : Param::Null(),
         Param::Text(reference.provenance), Param::Integer(now),
         Param::Text(ReferenceValueKindName(reference.KindOf(i))),
         Param::Boolean(reference.scalar)}));
  }
  return {};
}

Result<StoredReferenceValue> DecodeRow(const QueryResult& rows, int row) {
  StoredReferenceValue stored;
  stored.name = rows.Text(row, 0);
  stored.value = rows.Text(row, 1);
  if (!rows.IsNull(row, 2)) {
    VEIL_ASSIGN_OR_RETURN(const std::int64_t expires_at,
                          rows.Int64(row, 2, "reference_values.expires_at"));
    VEIL_ASSIGN_OR_RETURN(stored.expires_at,
                          FromUnixSeconds(expires_at, "reference_values.expires_at"));
  }
  stored.provenance = rows.Text(row, 3);
  VEIL_ASSIGN_OR_RETURN(const std::int64_t updated_at,
                        rows.Int64(row, 4, "reference_values.updated_at"));
  VEIL_ASSIGN_OR_RETURN(stored.updated_at,
                        FromUnixSeconds(updated_at, "reference_values.updated_at"));
  const std::string kind = rows.Text(row, 5);
  const std::optional<ReferenceValueKind> parsed = ParseReferenceValueKind(kind);
  if (!parsed) return Fail(Malformed("reference_values.kind: unknown kind \"" + kind + "\""));
  stored.kind = *parsed;
  VEIL_ASSIGN_OR_RETURN(stored.scalar, rows.Boolean(row, 6, "reference_values.scalar"));
  return stored;
}

}  // namespace

Status ReplaceReferenceValueRows(Connection& connection, std::span<const ReferenceValue> references,
                                 std::int64_t now) {
  std::set<std::string_view> names;
  for (const ReferenceValue& reference : references) names.insert(reference.name);
  for (std::string_view name : names) {
    VEIL_TRY(
        connection.Execute("DELETE FROM reference_values WHERE name = $1", {Param::Text(name)}));
  }
  for (const ReferenceValue& reference : references)
    VEIL_TRY(InsertValues(connection, reference, now));
  return {};
}

Status AppendReferenceValueRows(Connection& connection, const ReferenceValue& reference,
                                std::int64_t now) {
  for (const std::string& value : reference.values)
    VEIL_TRY(DeleteValue(connection, reference.name, value));
  VEIL_TRY(InsertValues(connection, reference, now));
  VEIL_ASSIGN_OR_RETURN(std::int64_t count, CountValues(connection, reference.name));
  if (count > static_cast<std::int64_t>(kMaxReferenceValueCount)) {
    return Fail(InvalidArgument("reference value " + reference.name + ": expected at most " +
                                std::to_string(kMaxReferenceValueCount) + " values, got " +
                                std::to_string(count)));
  }
  return {};
}

Status RemoveReferenceValueRows(Connection& connection, std::string_view name,
                                std::span<const std::string> values) {
  for (const std::string& value : values) {
    VEIL_ASSIGN_OR_RETURN(std::int64_t deleted, DeleteValue(connection, name, value));
    if (deleted == 0) {
      return Fail(
          NotFound("reference value " + std::string(name) + " has no value \"" + value + "\""));
    }
  }
  return {};
}

Status DeleteReferenceValueRows(Connection& connection, std::string_view name) {
  VEIL_ASSIGN_OR_RETURN(
      QueryResult deleted,
      connection.Execute("DELETE FROM reference_values WHERE name = $1", {Param::Text(name)}));
  if (deleted.ChangedRows() == 0)
    return Fail(NotFound("reference value " + std::string(name) + " does not exist"));
  return {};
}

Result<std::vector<StoredReferenceValue>> SelectReferenceValueRows(Connection& connection) {
  VEIL_ASSIGN_OR_RETURN(
      QueryResult rows,
      connection.Execute("SELECT name, value, expires_at, provenance, updated_at, kind, scalar "
                         "FROM reference_values ORDER BY name, position"));
  std::vector<StoredReferenceValue> stored;
  for (int row = 0; row < rows.rows(); ++row) {
    VEIL_ASSIGN_OR_RETURN(StoredReferenceValue value, DecodeRow(rows, row));
    stored.push_back(std::move(value));
  }
  return stored;
}

}  // namespace veil::store::postgres
