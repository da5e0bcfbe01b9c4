#pragma once
// The `key_check` table (one row, since schema version 4) and the resealing of every row of
// `resources`, for Store::GetKeyCheck, InitKeyCheck and ResealResources. The callers hold the
// store's mutex and, for writes, a transaction.

#include <optional>

#include "veil/base/bytes.h"
#include "veil/base/result.h"
#include "veil/store/sqlite/database.h"
#include "veil/store/store.h"

namespace veil::store::sqlite {

Result<std::optional<Bytes>> SelectKeyCheck(Database& db);
// Inserts `key_check` unless a row exists.
Status InsertKeyCheckIfAbsent(Database& db, ByteSpan key_check);
// kVerificationFailed when the stored value is absent or differs from `expected`.
Status RequireKeyCheck(Database& db, ByteSpan expected);
Status ReplaceKeyCheck(Database& db, ByteSpan key_check);
// Replaces each resource's sealed bytes with `reseal`'s result; the first failure is returned.
Status ResealResourceRows(Database& db, const Store::Resealer& reseal);

}  // namespace veil::store::sqlite
