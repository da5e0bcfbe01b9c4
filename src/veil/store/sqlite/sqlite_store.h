#pragma once
// The SQLite implementation of store::Store: one database file, WAL journal, synchronous=FULL,
// foreign keys on, numbered schema migrations applied at open. Every mutation and its audit entry
// commit in one BEGIN IMMEDIATE transaction. Tables and schema: README.md, schema.cc.

#include <filesystem>
#include <memory>
#include <vector>

#include "veil/audit/audit_entry.h"
#include "veil/base/clock.h"
#include "veil/base/result.h"
#include "veil/store/store.h"

namespace veil::store::sqlite {

// Where veil-trustee keeps its database inside its data directory ("<data_dir>/trustee.db").
std::filesystem::path SqliteStoreFile(const std::filesystem::path& data_dir);

// Opens `file`, creating it (mode 0600) and its missing parent directories (mode 0700) first, and
// migrates the schema to kSchemaVersion. `clock` dates every record and audit entry and must
// outlive the store. kUnsupported for a database with a newer schema than this build knows,
// kMalformed for a file that is not a SQLite database, kUnavailable when it cannot be created,
// opened or locked.
Result<std::unique_ptr<Store>> OpenSqliteStore(const std::filesystem::path& file,
                                               const Clock& clock);

// The whole audit log of an existing database, opened read-only and never migrated, for offline
// verification (`veil audit verify`) next to a running trustee. kNotFound when the file does not
// exist or holds no Veil schema, kUnsupported for a newer schema.
Result<std::vector<audit::AuditEntry>> ReadSqliteAuditLog(const std::filesystem::path& file);

}  // namespace veil::store::sqlite
