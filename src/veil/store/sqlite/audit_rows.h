#pragma once
// The audit_log table: appending a linked entry and reading entries back.

#include <cstddef>
#include <cstdint>
#include <vector>

#include "veil/audit/audit_entry.h"
#include "veil/audit/audit_event.h"
#include "veil/base/clock.h"
#include "veil/base/result.h"
#include "veil/store/sqlite/database.h"

namespace veil::store::sqlite {

// Reads the chain head and inserts the entry linked after it (audit::LinkAuditEntry). Must run
// inside the caller's BEGIN IMMEDIATE transaction: that is what keeps concurrent writers from
// linking two entries to the same head.
Result<audit::AuditEntry> AppendAuditRow(Database& db, TimePoint time,
                                         const audit::AuditEvent& event);

// Up to `limit` entries with sequence >= from_sequence, in sequence order. Rows are returned as
// stored (a tampered row is for audit::VerifyAuditChain to judge); kMalformed only for a value an
// AuditEntry cannot hold (a negative sequence, a time out of range).
Result<std::vector<audit::AuditEntry>> ReadAuditRows(Database& db, std::uint64_t from_sequence,
                                                     std::size_t limit);

}  // namespace veil::store::sqlite
