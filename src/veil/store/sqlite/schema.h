#pragma once
// The database schema and its numbered migrations (the tables are listed in README.md).
// `schema_version` holds one row per applied migration; the highest is the schema's version.

#include <cstdint>

#include "veil/base/clock.h"
#include "veil/base/result.h"
#include "veil/store/sqlite/database.h"

namespace veil::store::sqlite {

inline constexpr std::int64_t kSchemaVersion = 7;  // the newest version this build knows

// The recorded version, without changing anything: 0 for a database without Veil's schema.
Result<std::int64_t> ReadSchemaVersion(Database& db);

// Applies every migration newer than the recorded version, and records each, in one
// BEGIN IMMEDIATE transaction (all or none). kUnsupported, changing nothing, when the database
// records a version newer than kSchemaVersion.
Status MigrateSchema(Database& db, const Clock& clock);

// kUnsupported when `version` is newer than kSchemaVersion.
Status CheckSchemaIsKnown(std::int64_t version);

}  // namespace veil::store::sqlite
