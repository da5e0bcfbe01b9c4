#pragma once
// The nodes table (schema version 4): one row per node (store/node.h), its EK digest and its
// bound AK digest each unique. Mutations run inside the caller's transaction, under the audit
// lock (so the conflict checks here see every committed node); validation of the values is the
// caller's.

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "veil/base/result.h"
#include "veil/store/node.h"
#include "veil/store/postgres/connection.h"

namespace veil::store::postgres {

Status InsertNodeRow(Connection& connection, const NodeIdentity& identity, std::int64_t now);
Status EnrolNodeRow(Connection& connection, const NodeIdentity& identity,
                    std::string_view ak_digest, std::int64_t now);
Status DeleteNodeRow(Connection& connection, std::string_view name);
Result<std::vector<NodeRecord>> SelectNodeRows(Connection& connection);
// The node whose `column` ("name", "ek_digest" or "ak_digest") is `value`.
Result<std::optional<NodeRecord>> SelectNodeRow(Connection& connection, std::string_view column,
                                                std::string_view value);

}  // namespace veil::store::postgres
