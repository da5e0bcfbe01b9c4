#pragma once
// Audit entries as the admin API returns them (GET /kbs/v0/audit), rebuilt for local chain
// verification: hashes are hex, times RFC 3339, details the exact stored JSON text.

#include <vector>

#include <nlohmann/json.hpp>

#include "veil/audit/audit_entry.h"
#include "veil/base/result.h"

namespace veil::admin_client {

Result<std::vector<audit::AuditEntry>> AuditEntriesFromJson(const nlohmann::json& page);

}  // namespace veil::admin_client
