#include "veil/store/sqlite/schema.h"

#include <chrono>
#include <string>
#include <string_view>

#include "veil/store/sqlite/transaction.h"

namespace veil::store::sqlite {
namespace {

struct Migration {
  std::int64_t version;
  std::string_view sql;
};

// Append only: a released migration is never edited, a change is a new migration.
constexpr Migration kMigrations[] = {
    {1, R"sql(
CREATE TABLE resources (
  path       TEXT    NOT NULL PRIMARY KEY,
  sealed     BLOB    NOT NULL,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
) STRICT;

CREATE TABLE policies (
  kind       TEXT    NOT NULL PRIMARY KEY CHECK (kind IN ('attestation', 'resource')),
  id         TEXT    NOT NULL,
  text       TEXT    NOT NULL,
  updated_at INTEGER NOT NULL
) STRICT;

CREATE TABLE reference_values (
  name       TEXT    NOT NULL PRIMARY KEY,
  expires_at INTEGER,
  provenance TEXT    NOT NULL,
  updated_at INTEGER NOT NULL
) STRICT;

CREATE TABLE reference_value_entries (
  name     TEXT    NOT NULL REFERENCES reference_values (name) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  value    TEXT    NOT NULL,
  PRIMARY KEY (name, position),
  UNIQUE (name, value)
) STRICT;

CREATE TABLE audit_log (
  sequence      INTEGER NOT NULL PRIMARY KEY CHECK (sequence >= 1),
  time          INTEGER NOT NULL,
  actor         TEXT    NOT NULL,
  action        TEXT    NOT NULL,
  subject       TEXT    NOT NULL,
  details       TEXT    NOT NULL,
  previous_hash BLOB    NOT NULL CHECK (length(previous_hash) = 32),
  hash          BLOB    NOT NULL CHECK (length(hash) = 32)
) STRICT;

-- Append-only against accidents; deliberate tampering is what the hash chain detects.
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
)sql"},
    // Each value of a reference value name carries its own expiry and provenance, so values can be
    // appended and removed one by one (rotation without a window). Version 1's per-name header and
    // entries become one row per value, keeping their order, expiry and provenance.
    {2, R"sql(
CREATE TABLE reference_values_v2 (
  name       TEXT    NOT NULL,
  value      TEXT    NOT NULL,
  position   INTEGER NOT NULL,
  expires_at INTEGER,
  provenance TEXT    NOT NULL,
  updated_at INTEGER NOT NULL,
  PRIMARY KEY (name, value),
  UNIQUE (name, position)
) STRICT;

INSERT INTO reference_values_v2 (name, value, position, expires_at, provenance, updated_at)
  SELECT e.name, e.value, e.position, r.expires_at, r.provenance, r.updated_at
  FROM reference_value_entries e JOIN reference_values r ON r.name = e.name;

DROP TABLE reference_value_entries;
DROP TABLE reference_values;
ALTER TABLE reference_values_v2 RENAME TO reference_values;
)sql"},
    // Each value keeps the JSON kind it was written as, and whether its entry was one value rather
    // than a list, for CoCo's query_reference_value answers what was registered (true, 3, [3]).
    // Rows of version 2 were all text in lists: the defaults say so.
    {3, R"sql(
ALTER TABLE reference_values ADD COLUMN kind TEXT NOT NULL DEFAULT 'string'
  CHECK (kind IN ('string', 'integer', 'boolean', 'number'));
ALTER TABLE reference_values ADD COLUMN scalar INTEGER NOT NULL DEFAULT 0 CHECK (scalar IN (0, 1));
)sql"},
    // The key check value of the key-encryption key that sealed `resources` (one row), so a
    // trustee started with another key refuses to start instead of serving unreadable secrets.
    {4, R"sql(
CREATE TABLE key_check (
  id    INTEGER NOT NULL PRIMARY KEY CHECK (id = 1),
  value BLOB    NOT NULL CHECK (length(value) > 0)
) STRICT;
)sql"},
    // Nodes known by their TPM's endorsement key (store/node.h): registered by an admin or by
    // credential activation, which binds the attestation key the TPM proved it holds.
    {5, R"sql(
CREATE TABLE nodes (
  name           TEXT    NOT NULL PRIMARY KEY,
  ek_digest      TEXT    NOT NULL UNIQUE CHECK (length(ek_digest) = 64),
  ek_certificate BLOB,
  state          TEXT    NOT NULL CHECK (state IN ('registered', 'enrolled')),
  ak_digest      TEXT    UNIQUE CHECK (ak_digest IS NULL OR length(ak_digest) = 64),
  registered_at  INTEGER NOT NULL,
  enrolled_at    INTEGER,
  CHECK ((state = 'enrolled') = (ak_digest IS NOT NULL))
) STRICT;
)sql"},
    // A third policy kind, the identity policy (which names a workload certificate may carry,
    // policy/identity_policy.h). SQLite cannot alter a CHECK constraint: the table is rebuilt.
    {6, R"sql(
CREATE TABLE policies_v6 (
  kind       TEXT    NOT NULL PRIMARY KEY
             CHECK (kind IN ('attestation', 'resource', 'identity')),
  id         TEXT    NOT NULL,
  text       TEXT    NOT NULL,
  updated_at INTEGER NOT NULL
) STRICT;

INSERT INTO policies_v6 (kind, id, text, updated_at)
  SELECT kind, id, text, updated_at FROM policies;

DROP TABLE policies;
ALTER TABLE policies_v6 RENAME TO policies;
)sql"},
    // The workload CA (store/workload_ca.h): its CAs with their sealed keys (at most one current,
    // retired_at NULL) and the certificates they issued with the attestation each was issued for.
    // Version 6 is the identity policy kind.
    {7, R"sql(
CREATE TABLE workload_cas (
  id              TEXT    NOT NULL PRIMARY KEY CHECK (length(id) = 64),
  certificate     BLOB    NOT NULL CHECK (length(certificate) > 0),
  sealed_key      BLOB    NOT NULL CHECK (length(sealed_key) > 0),
  created_at      INTEGER NOT NULL,
  retired_at      INTEGER,
  published_until INTEGER,
  CHECK ((retired_at IS NULL) = (published_until IS NULL))
) STRICT;
CREATE UNIQUE INDEX workload_cas_one_current ON workload_cas ((retired_at IS NULL))
  WHERE retired_at IS NULL;

CREATE TABLE workload_certificates (
  serial             TEXT    NOT NULL PRIMARY KEY CHECK (length(serial) BETWEEN 1 AND 16),
  ca_id              TEXT    NOT NULL REFERENCES workload_cas (id),
  tee_identity       TEXT    NOT NULL,
  names              TEXT    NOT NULL,
  not_before         INTEGER NOT NULL,
  not_after          INTEGER NOT NULL,
  attestation_digest TEXT    NOT NULL,
  attestation_result TEXT    NOT NULL,
  issued_at          INTEGER NOT NULL,
  revoked_at         INTEGER,
  revocation_reason  TEXT,
  CHECK ((revoked_at IS NULL) = (revocation_reason IS NULL))
) STRICT;
CREATE INDEX workload_certificates_tee ON workload_certificates (tee_identity);
CREATE INDEX workload_certificates_attestation ON workload_certificates (attestation_digest);
)sql"},
};

Result<bool> SchemaVersionTableExists(Database& db) {
  VEIL_ASSIGN_OR_RETURN(
      Statement statement,
      db.Prepare("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'schema_version'"));
  return statement.Step();
}

Status RecordVersion(Database& db, std::int64_t version, const Clock& clock) {
  VEIL_ASSIGN_OR_RETURN(
      Statement statement,
      db.Prepare("INSERT INTO schema_version (version, applied_at) VALUES (?1, ?2)"));
  const auto now = std::chrono::floor<std::chrono::seconds>(clock.Now()).time_since_epoch().count();
  VEIL_TRY(statement.Bind(1, version));
  VEIL_TRY(statement.Bind(2, static_cast<std::int64_t>(now)));
  return statement.Run();
}

}  // namespace

Status CheckSchemaIsKnown(std::int64_t version) {
  if (version <= kSchemaVersion) return {};
  return Fail(Unsupported("database schema version " + std::to_string(version) +
                          " is newer than this build supports (" + std::to_string(kSchemaVersion) +
                          "); use a newer Veil release"));
}

Result<std::int64_t> ReadSchemaVersion(Database& db) {
  VEIL_ASSIGN_OR_RETURN(bool exists, SchemaVersionTableExists(db));
  if (!exists) return std::int64_t{0};
  VEIL_ASSIGN_OR_RETURN(Statement statement,
                        db.Prepare("SELECT coalesce(max(version), 0) FROM schema_version"));
  VEIL_ASSIGN_OR_RETURN(bool row, statement.Step());
  if (!row) return Fail(Internal("schema_version: expected one row from max(version), got none"));
  return statement.Int64(0);
}

Status MigrateSchema(Database& db, const Clock& clock) {
  VEIL_ASSIGN_OR_RETURN(Transaction transaction, Transaction::BeginImmediate(db));
  VEIL_TRY(
      db.Execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL PRIMARY KEY, "
                 "applied_at INTEGER NOT NULL) "
                 "STRICT"));
  VEIL_ASSIGN_OR_RETURN(std::int64_t current, ReadSchemaVersion(db));
  VEIL_TRY(CheckSchemaIsKnown(current));
  for (const Migration& migration : kMigrations) {
    if (migration.version <= current) continue;
    auto applied = db.Execute(migration.sql);
    if (!applied) {
      return Fail(
          std::move(applied).error().WithContext("migration " + std::to_string(migration.version)));
    }
    VEIL_TRY(RecordVersion(db, migration.version, clock));
  }
  return transaction.Commit();
}

}  // namespace veil::store::sqlite
