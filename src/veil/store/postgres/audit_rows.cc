#include "veil/store/postgres/audit_rows.h"

#include <algorithm>
#include <limits>
#include <string>

#include "veil/audit/chain_link.h"
#include "veil/store/unix_time.h"

namespace veil::store::postgres {
namespace {

Result<audit::ChainHead> ReadChainHead(Connection& connection) {
  VEIL_ASSIGN_OR_RETURN(
      QueryResult head,
      connection.Execute("SELECT sequence, hash FROM audit_log ORDER BY sequence DESC LIMIT 1"));
  if (head.rows() == 0) return audit::GenesisHead();
  VEIL_ASSIGN_OR_RETURN(std::int64_t sequence, head.Int64(0, 0, "audit_log.sequence"));
  return audit::ChainHead{static_cast<std::uint64_t>(sequence), head.Bytea(0, 1)};
}

Status InsertEntry(Connection& connection, const audit::AuditEntry& entry) {
  VEIL_TRY(connection.Execute(
      "INSERT INTO audit_log (sequence, time, actor, action, subject, details, previous_hash, "
      "hash) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
      {Param::Integer(static_cast<std::int64_t>(entry.sequence)),
       Param::Integer(ToUnixSeconds(entry.time)), Param::Text(entry.actor),
       Param::Text(entry.action), Param::Text(entry.subject), Param::Text(entry.details),
       Param::Bytea(entry.previous_hash), Param::Bytea(entry.hash)}));
  return {};
}

Result<audit::AuditEntry> DecodeRow(const QueryResult& rows, int row) {
  VEIL_ASSIGN_OR_RETURN(const std::int64_t sequence, rows.Int64(row, 0, "audit_log.sequence"));
  if (sequence < 1) {
    return Fail(
        Malformed("audit_log.sequence: expected at least 1, got " + std::to_string(sequence)));
  }
  audit::AuditEntry entry;
  entry.sequence = static_cast<std::uint64_t>(sequence);
  const std::string column = "audit_log.time of entry " + std::to_string(sequence);
  VEIL_ASSIGN_OR_RETURN(const std::int64_t seconds, rows.Int64(row, 1, column));
  VEIL_ASSIGN_OR_RETURN(entry.time, FromUnixSeconds(seconds, column));
  entry.actor = rows.Text(row, 2);
  entry.action = rows.Text(row, 3);
  entry.subject = rows.Text(row, 4);
  entry.details = rows.Text(row, 5);
  entry.previous_hash = rows.Bytea(row, 6);
  entry.hash = rows.Bytea(row, 7);
  return entry;
}

}  // namespace

Status LockAuditLog(Connection& connection) {
  return connection.ExecuteScript("LOCK TABLE audit_log IN EXCLUSIVE MODE");
}

Result<audit::AuditEntry> AppendAuditRow(Connection& connection, TimePoint time,
                                         const audit::AuditEvent& event) {
  VEIL_ASSIGN_OR_RETURN(audit::ChainHead head, ReadChainHead(connection));
  VEIL_ASSIGN_OR_RETURN(audit::AuditEntry entry, audit::LinkAuditEntry(head, time, event));
  VEIL_TRY(InsertEntry(connection, entry));
  return entry;
}

Result<std::vector<audit::AuditEntry>> ReadAuditRows(Connection& connection,
                                                     std::uint64_t from_sequence,
                                                     std::size_t limit) {
  constexpr auto kMaxInt64 = static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max());
  std::vector<audit::AuditEntry> entries;
  if (limit == 0 || from_sequence > kMaxInt64) return entries;
  VEIL_ASSIGN_OR_RETURN(
      QueryResult rows,
      connection.Execute(
          "SELECT sequence, time, actor, action, subject, details, previous_hash, hash "
          "FROM audit_log WHERE sequence >= $1 ORDER BY sequence LIMIT $2",
          {Param::Integer(static_cast<std::int64_t>(from_sequence)),
           Param::Integer(static_cast<std::int64_t>(std::min<std::uint64_t>(limit, kMaxInt64)))}));
  for (int row = 0; row < rows.rows(); ++row) {
    VEIL_ASSIGN_OR_RETURN(audit::AuditEntry entry, DecodeRow(rows, row));
    entries.push_back(std::move(entry));
  }
  return entries;
}

}  // namespace veil::store::postgres
