#pragma once
// The PostgreSQL schema and its numbered migrations (the tables are listed in README.md).
// `schema_version` holds one row per applied migration; the highest is the schema's version.
// The numbering is this backend's own: version 1 already has the layout SQLite reached at its
// version 3 (one row per reference value, with its kind and scalar flag); version 2 adds
// `key_check`, as SQLite's version 4 does.

#include <cstdint>

#include "veil/base/clock.h"
#include "veil/base/result.h"
#include "veil/store/postgres/connection.h"

namespace veil::store::postgres {

inline constexpr std::int64_t kSchemaVersion = 6;  // the newest version this build knows

// The recorded version, without changing anything: 0 for a database without Veil's schema.
Result<std::int64_t> ReadSchemaVersion(Connection& connection);

// Applies every migration newer than the recorded version, and records each, in one transaction
// (all or none) that holds an advisory lock, so replicas starting together migrate one at a time.
// kUnsupported, changing nothing, when the database records a version newer than kSchemaVersion.
Status MigrateSchema(Connection& connection, const Clock& clock);

}  // namespace veil::store::postgres
