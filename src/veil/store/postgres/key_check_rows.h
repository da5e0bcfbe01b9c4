#pragma once
// The `key_check` table (one row, since schema version 2) and the resealing of every row of
// `resources`, for Store::GetKeyCheck, InitKeyCheck and ResealResources. Writes run inside the
// caller's transaction; ResealResources's rows also after LockAuditLog (audit_rows.h).

#include <optional>

#include "veil/base/bytes.h"
#include "veil/base/result.h"
#include "veil/store/postgres/connection.h"
#include "veil/store/store.h"

namespace veil::store::postgres {

Result<std::optional<Bytes>> SelectKeyCheck(Connection& connection);
// Inserts `key_check` unless a row exists (ON CONFLICT DO NOTHING: a concurrent inserter's row
// wins, without an error).
Status InsertKeyCheckIfAbsent(Connection& connection, ByteSpan key_check);
// Locks the stored row (FOR UPDATE) and checks it: kVerificationFailed when it is absent or
// differs from `expected`.
Status RequireKeyCheck(Connection& connection, ByteSpan expected);
Status ReplaceKeyCheck(Connection& connection, ByteSpan key_check);
// Locks every resource row (FOR UPDATE) and replaces its sealed bytes with `reseal`'s result,
// keeping created_at and updated_at (the secret is the same, only its wrapping changed); the
// first failure is returned.
Status ResealResourceRows(Connection& connection, const Store::Resealer& reseal);

}  // namespace veil::store::postgres
