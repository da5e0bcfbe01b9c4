#include "veil/store/sqlite/audit_rows.h"

#include <algorithm>
#include <limits>
#include <string>

#include "veil/audit/chain_link.h"
#include "veil/store/unix_time.h"

namespace veil::store::sqlite {
namespace {

Result<audit::ChainHead> ReadChainHead(Database& db) {
  VEIL_ASSIGN_OR_RETURN(
      Statement statement,
      db.Prepare("SELECT sequence, hash FROM audit_log ORDER BY sequence DESC LIMIT 1"));
  VEIL_ASSIGN_OR_RETURN(bool row, statement.Step());
  if (!row) return audit::GenesisHead();
  return audit::ChainHead{static_cast<std::uint64_t>(statement.Int64(0)), statement.Blob(1)};
}

Status InsertEntry(Database& db, const audit::AuditEntry& entry) {
  VEIL_ASSIGN_OR_RETURN(
      Statement statement,
      db.Prepare("INSERT INTO audit_log (sequence, time, actor, action, subject, details, "
                 "previous_hash, hash) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)"));
  VEIL_TRY(statement.Bind(1, static_cast<std::int64_t>(entry.sequence)));
  VEIL_TRY(statement.Bind(2, ToUnixSeconds(entry.time)));
  VEIL_TRY(statement.Bind(3, entry.actor));
  VEIL_TRY(statement.Bind(4, entry.action));
  VEIL_TRY(statement.Bind(5, entry.subject));
  VEIL_TRY(statement.Bind(6, entry.details));
  VEIL_TRY(statement.Bind(7, ByteSpan(entry.previous_hash)));
  VEIL_TRY(statement.Bind(8, ByteSpan(entry.hash)));
  return statement.Run();
}

Result<audit::AuditEntry> DecodeRow(const Statement& row) {
  const std::int64_t sequence = row.Int64(0);
  if (sequence < 1)
    return Fail(
        Malformed("audit_log.sequence: expected at least 1, got " + std::to_string(sequence)));
  audit::AuditEntry entry;
  entry.sequence = static_cast<std::uint64_t>(sequence);
  VEIL_ASSIGN_OR_RETURN(entry.time, FromUnixSeconds(row.Int64(1), "audit_log.time of entry " +
                                                                      std::to_string(sequence)));
  entry.actor = row.Text(2);
  entry.action = row.Text(3);
  entry.subject = row.Text(4);
  entry.details = row.Text(5);
  entry.previous_hash = row.Blob(6);
  entry.hash = row.Blob(7);
  return entry;
}

}  // namespace

Result<audit::AuditEntry> AppendAuditRow(Database& db, TimePoint time,
                                         const audit::AuditEvent& event) {
  VEIL_ASSIGN_OR_RETURN(audit::ChainHead head, ReadChainHead(db));
  VEIL_ASSIGN_OR_RETURN(audit::AuditEntry entry, audit::LinkAuditEntry(head, time, event));
  VEIL_TRY(InsertEntry(db, entry));
  return entry;
}

Result<std::vector<audit::AuditEntry>> ReadAuditRows(Database& db, std::uint64_t from_sequence,
                                                     std::size_t limit) {
  constexpr auto kMaxInt64 = static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max());
  std::vector<audit::AuditEntry> entries;
  if (limit == 0 || from_sequence > kMaxInt64) return entries;
  VEIL_ASSIGN_OR_RETURN(
      Statement statement,
      db.Prepare("SELECT sequence, time, actor, action, subject, details, previous_hash, hash "
                 "FROM audit_log WHERE sequence >= ?1 ORDER BY sequence LIMIT ?2"));
  VEIL_TRY(statement.Bind(1, static_cast<std::int64_t>(from_sequence)));
  VEIL_TRY(statement.Bind(2, static_cast<std::int64_t>(std::min<std::uint64_t>(limit, kMaxInt64))));
  while (true) {
    VEIL_ASSIGN_OR_RETURN(bool row, statement.Step());
    if (!row) return entries;
    VEIL_ASSIGN_OR_RETURN(audit::AuditEntry entry, DecodeRow(statement));
    entries.push_back(std::move(entry));
  }
}

}  // namespace veil::store::sqlite
