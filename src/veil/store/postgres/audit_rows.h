#pragma once
// The audit_log table: serializing writers, appending a linked entry and reading entries back.

#include <cstddef>
#include <cstdint>
#include <vector>

#include "veil/audit/audit_entry.h"
#include "veil/audit/audit_event.h"
#include "veil/base/clock.h"
#include "veil/base/result.h"
#include "veil/store/postgres/connection.h"

namespace veil::store::postgres {

// Takes the audit lock (LOCK TABLE audit_log IN EXCLUSIVE MODE) until the caller's transaction
// ends. Every mutation takes it first, so writers on any connection, process or replica run one
// at a time, and the chain head AppendAuditRow reads stays the head until the commit; plain
// reads are not blocked. kUnavailable after the connection's lock timeout.
Status LockAuditLog(Connection& connection);

// Reads the chain head and inserts the entry linked after it (audit::LinkAuditEntry). Must run
// inside the caller's transaction, after LockAuditLog.
Result<audit::AuditEntry> AppendAuditRow(Connection& connection, TimePoint time,
                                         const audit::AuditEvent& event);

// Up to `limit` entries with sequence >= from_sequence, in sequence order. Rows are returned as
// stored (a tampered row is for audit::VerifyAuditChain to judge); kMalformed only for a value an
// AuditEntry cannot hold (a negative sequence, a time out of range).
Result<std::vector<audit::AuditEntry>> ReadAuditRows(Connection& connection,
                                                     std::uint64_t from_sequence,
                                                     std::size_t limit);

}  // namespace veil::store::postgres
