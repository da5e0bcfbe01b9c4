#include "veil/store/postgres/node_rows.h"

#include <string>

#include "veil/store/unix_time.h"

namespace veil::store::postgres {
namespace {

constexpr std::string_view kColumns =
    "SELECT name, ek_digest, ek_certificate, state, ak_digest, registered_at, enrolled_at "
    "FROM nodes ";

Result<NodeRecord> DecodeRow(const QueryResult& rows, int row) {
  NodeRecord record;
  record.identity.name = rows.Text(row, 0);
  record.identity.ek_digest = rows.Text(row, 1);
  if (!rows.IsNull(row, 2)) record.identity.ek_certificate = rows.Bytea(row, 2);
  const std::string state = rows.Text(row, 3);
  const std::optional<NodeState> parsed = ParseNodeState(state);
  if (!parsed) return Fail(Malformed("nodes.state: unknown state \"" + state + "\""));
  record.state = *parsed;
  if (!rows.IsNull(row, 4)) record.ak_digest = rows.Text(row, 4);
  VEIL_ASSIGN_OR_RETURN(std::int64_t registered, rows.Int64(row, 5, "nodes.registered_at"));
  VEIL_ASSIGN_OR_RETURN(record.registered_at, FromUnixSeconds(registered, "nodes.registered_at"));
  if (!rows.IsNull(row, 6)) {
    VEIL_ASSIGN_OR_RETURN(std::int64_t enrolled, rows.Int64(row, 6, "nodes.enrolled_at"));
    VEIL_ASSIGN_OR_RETURN(record.enrolled_at, FromUnixSeconds(enrolled, "nodes.enrolled_at"));
  }
  return record;
}

Param CertificateParam(const NodeIdentity& identity) {
  return identity.ek_certificate.empty() ? Param::Null() : Param::Bytea(identity.ek_certificate);
}

// kInvalidArgument when the AK is bound to another node than `name`.
Status RequireAkFree(Connection& connection, std::string_view ak_digest, std::string_view name) {
  VEIL_ASSIGN_OR_RETURN(auto holder, SelectNodeRow(connection, "ak_digest", ak_digest));
  if (holder && holder->identity.name != name) {
    return Fail(InvalidArgument("AK " + std::string(ak_digest) + " is bound to node " +
                                holder->identity.name + " already"));
  }
  return {};
}

}  // namespace

Status InsertNodeRow(Connection& connection, const NodeIdentity& identity, std::int64_t now) {
  VEIL_ASSIGN_OR_RETURN(auto named, SelectNodeRow(connection, "name", identity.name));
  if (named) return Fail(InvalidArgument("node " + identity.name + " exists already"));
  VEIL_ASSIGN_OR_RETURN(auto same_ek, SelectNodeRow(connection, "ek_digest", identity.ek_digest));
  if (same_ek) {
    return Fail(InvalidArgument("EK " + identity.ek_digest + " belongs to node " +
                                same_ek->identity.name + " already"));
  }
  VEIL_TRY(connection.Execute(
      "INSERT INTO nodes (name, ek_digest, ek_certificate, state, registered_at) "
      "VALUES ($1, $2, $3, 'registered', $4)",
      {Param::Text(identity.name), Param::Text(identity.ek_digest), CertificateParam(identity),
       Param::Integer(now)}));
  return {};
}

Status EnrolNodeRow(Connection& connection, const NodeIdentity& identity,
                    std::string_view ak_digest, std::int64_t now) {
  VEIL_ASSIGN_OR_RETURN(auto existing, SelectNodeRow(connection, "ek_digest", identity.ek_digest));
  if (!existing) VEIL_TRY(InsertNodeRow(connection, identity, now));
  const std::string name = existing ? existing->identity.name : identity.name;
  VEIL_TRY(RequireAkFree(connection, ak_digest, name));
  VEIL_ASSIGN_OR_RETURN(
      QueryResult updated,
      connection.Execute("UPDATE nodes SET state = 'enrolled', ak_digest = $2, enrolled_at = $3, "
                         "ek_certificate = coalesce($4, ek_certificate) WHERE name = $1",
                         {Param::Text(name), Param::Text(ak_digest), Param::Integer(now),
                          CertificateParam(identity)}));
  if (updated.ChangedRows() != 1) return Fail(Internal("nodes: expected one row to enrol"));
  return {};
}

Status DeleteNodeRow(Connection& connection, std::string_view name) {
  VEIL_ASSIGN_OR_RETURN(QueryResult deleted, connection.Execute("DELETE FROM nodes WHERE name = $1",
                                                                {Param::Text(name)}));
  if (deleted.ChangedRows() == 0)
    return Fail(NotFound("node " + std::string(name) + " does not exist"));
  return {};
}

Result<std::vector<NodeRecord>> SelectNodeRows(Connection& connection) {
  VEIL_ASSIGN_OR_RETURN(QueryResult rows,
                        connection.Execute(std::string(kColumns) + "ORDER BY name"));
  std::vector<NodeRecord> nodes;
  for (int row = 0; row < rows.rows(); ++row) {
    VEIL_ASSIGN_OR_RETURN(NodeRecord record, DecodeRow(rows, row));
    nodes.push_back(std::move(record));
  }
  return nodes;
}

Result<std::optional<NodeRecord>> SelectNodeRow(Connection& connection, std::string_view column,
                                                std::string_view value) {
  if (column != "name" && column != "ek_digest" && column != "ak_digest")
    return Fail(Internal("nodes: no lookup by " + std::string(column)));
  VEIL_ASSIGN_OR_RETURN(QueryResult rows, connection.Execute(std::string(kColumns) + "WHERE " +
                                                                 std::string(column) + " = $1",
                                                             {Param::Text(value)}));
  if (rows.rows() == 0) return std::optional<NodeRecord>();
  VEIL_ASSIGN_OR_RETURN(NodeRecord record, DecodeRow(rows, 0));
  return std::optional<NodeRecord>(std::move(record));
}

}  // namespace veil::store::postgres
