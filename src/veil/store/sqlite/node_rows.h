#pragma once
// The nodes table (schema version 5): one row per node (store/node.h), its EK digest and its
// bound AK digest each unique. Every function runs inside the caller's BEGIN IMMEDIATE
// transaction; validation of the values is the caller's, the conflicts named in store.h are
// checked here.

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "veil/base/result.h"
#include "veil/store/node.h"
#include "veil/store/sqlite/database.h"

namespace veil::store::sqlite {

Status InsertNodeRow(Database& db, const NodeIdentity& identity, std::int64_t now);
Status EnrolNodeRow(Database& db, const NodeIdentity& identity, std::string_view ak_digest,
                    std::int64_t now);
Status DeleteNodeRow(Database& db, std::string_view name);
Result<std::vector<NodeRecord>> SelectNodeRows(Database& db);
// The node whose `column` ("name", "ek_digest" or "ak_digest") is `value`.
Result<std::optional<NodeRecord>> SelectNodeRow(Database& db, std::string_view column,
                                                std::string_view value);

}  // namespace veil::store::sqlite
