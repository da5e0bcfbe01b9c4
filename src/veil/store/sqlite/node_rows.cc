#include "veil/store/sqlite/node_rows.h"

#include <string>

#include "veil/store/unix_time.h"

namespace veil::store::sqlite {
namespace {

constexpr std::string_view kColumns =
    "SELECT name, ek_digest, ek_certificate, state, ak_digest, registered_at, enrolled_at "
    "FROM nodes ";

Result<NodeRecord> DecodeRow(const Statement& row) {
  NodeRecord record;
  record.identity.name = row.Text(0);
  record.identity.ek_digest = row.Text(1);
  if (!row.IsNull(2)) record.identity.ek_certificate = row.Blob(2);
  const std::string state = row.Text(3);
  const std::optional<NodeState> parsed = ParseNodeState(state);
  if (!parsed) return Fail(Malformed("nodes.state: unknown state \"" + state + "\""));
  record.state = *parsed;
  if (!row.IsNull(4)) record.ak_digest = row.Text(4);
  VEIL_ASSIGN_OR_RETURN(record.registered_at, FromUnixSeconds(row.Int64(5), "nodes.registered_at"));
  if (!row.IsNull(6)) {
    VEIL_ASSIGN_OR_RETURN(record.enrolled_at, FromUnixSeconds(row.Int64(6), "nodes.enrolled_at"));
  }
  return record;
}

Status BindCertificate(Statement& statement, int index, const NodeIdentity& identity) {
  if (identity.ek_certificate.empty()) return statement.BindNull(index);
  return statement.Bind(index, ByteSpan(identity.ek_certificate));
}

// kInvalidArgument when the AK is bound to another node than `name`.
Status RequireAkFree(Database& db, std::string_view ak_digest, std::string_view name) {
  VEIL_ASSIGN_OR_RETURN(auto holder, SelectNodeRow(db, "ak_digest", ak_digest));
  if (holder && holder->identity.name != name) {
    return Fail(InvalidArgument("AK " + std::string(ak_digest) + " is bound to node " +
                                holder->identity.name + " already"));
  }
  return {};
}

}  // namespace

Status InsertNodeRow(Database& db, const NodeIdentity& identity, std::int64_t now) {
  VEIL_ASSIGN_OR_RETURN(auto named, SelectNodeRow(db, "name", identity.name));
  if (named) return Fail(InvalidArgument("node " + identity.name + " exists already"));
  VEIL_ASSIGN_OR_RETURN(auto same_ek, SelectNodeRow(db, "ek_digest", identity.ek_digest));
  if (same_ek) {
    return Fail(InvalidArgument("EK " + identity.ek_digest + " belongs to node " +
                                same_ek->identity.name + " already"));
  }
  VEIL_ASSIGN_OR_RETURN(
      Statement statement,
      db.Prepare("INSERT INTO nodes (name, ek_digest, ek_certificate, state, registered_at) "
                 "VALUES (?1, ?2, ?3, 'registered', ?4)"));
  VEIL_TRY(statement.Bind(1, identity.name));
  VEIL_TRY(statement.Bind(2, identity.ek_digest));
  VEIL_TRY(BindCertificate(statement, 3, identity));
  VEIL_TRY(statement.Bind(4, now));
  return statement.Run();
}

Status EnrolNodeRow(Database& db, const NodeIdentity& identity, std::string_view ak_digest,
                    std::int64_t now) {
  VEIL_ASSIGN_OR_RETURN(auto existing, SelectNodeRow(db, "ek_digest", identity.ek_digest));
  if (!existing) VEIL_TRY(InsertNodeRow(db, identity, now));
  const std::string name = existing ? existing->identity.name : identity.name;
  VEIL_TRY(RequireAkFree(db, ak_digest, name));
  VEIL_ASSIGN_OR_RETURN(
      Statement statement,
      db.Prepare("UPDATE nodes SET state = 'enrolled', ak_digest = ?2, enrolled_at = ?3, "
                 "ek_certificate = coalesce(?4, ek_certificate) WHERE name = ?1"));
  VEIL_TRY(statement.Bind(1, name));
  VEIL_TRY(statement.Bind(2, ak_digest));
  VEIL_TRY(statement.Bind(3, now));
  VEIL_TRY(BindCertificate(statement, 4, identity));
  VEIL_TRY(statement.Run());
  if (db.ChangedRows() != 1) return Fail(Internal("nodes: expected one row to enrol"));
  return {};
}

Status DeleteNodeRow(Database& db, std::string_view name) {
  VEIL_ASSIGN_OR_RETURN(Statement statement, db.Prepare("DELETE FROM nodes WHERE name = ?1"));
  VEIL_TRY(statement.Bind(1, name));
  VEIL_TRY(statement.Run());
  if (db.ChangedRows() == 0) return Fail(NotFound("node " + std::string(name) + " does not exist"));
  return {};
}

Result<std::vector<NodeRecord>> SelectNodeRows(Database& db) {
  VEIL_ASSIGN_OR_RETURN(Statement statement, db.Prepare(std::string(kColumns) + "ORDER BY name"));
  std::vector<NodeRecord> nodes;
  while (true) {
    VEIL_ASSIGN_OR_RETURN(bool row, statement.Step());
    if (!row) return nodes;
    VEIL_ASSIGN_OR_RETURN(NodeRecord record, DecodeRow(statement));
    nodes.push_back(std::move(record));
  }
}

Result<std::optional<NodeRecord>> SelectNodeRow(Database& db, std::string_view column,
                                                std::string_view value) {
  if (column != "name" && column != "ek_digest" && column != "ak_digest")
    return Fail(Internal("nodes: no lookup by " + std::string(column)));
  VEIL_ASSIGN_OR_RETURN(Statement statement, db.Prepare(std::string(kColumns) + "WHERE " +
                                                        std::string(column) + " = ?1"));
  VEIL_TRY(statement.Bind(1, value));
  VEIL_ASSIGN_OR_RETURN(bool row, statement.Step());
  if (!row) return std::optional<NodeRecord>();
  VEIL_ASSIGN_OR_RETURN(NodeRecord record, DecodeRow(statement));
  return std::optional<NodeRecord>(std::move(record));
}

}  // namespace veil::store::sqlite
