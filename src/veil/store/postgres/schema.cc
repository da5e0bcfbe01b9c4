#include "veil/store/postgres/schema.h"

#include <string>
#include <string_view>

#include "veil/store/postgres/transaction.h"
#include "veil/store/unix_time.h"

namespace veil::store::postgres {
namespace {

struct Migration {
  std::int64_t version;
  std::string_view sql;
};

// Append only: a released migration is never edited, a change is a new migration.
// Keys and ordered columns use the "C" collation: ORDER BY compares bytes, as SQLite's BINARY
// does, whatever locale the database was created with.
constexpr Migration kMigrations[] = {
    {1, R"sql(
CREATE TABLE resources (
  path       TEXT COLLATE "C" NOT NULL PRIMARY KEY,
  sealed     BYTEA  NOT NULL,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);

CREATE TABLE policies (
  kind       TEXT COLLATE "C" NOT NULL PRIMARY KEY CHECK (kind IN ('attestation', 'resource')),
  id         TEXT   NOT NULL,
  text       TEXT   NOT NULL,
  updated_at BIGINT NOT NULL
);

-- One row per accepted value of a name, ordered within the name by position; each value keeps
-- its expiry, provenance, JSON kind and whether its entry was one value rather than a list.
CREATE TABLE reference_values (
  name       TEXT COLLATE "C" NOT NULL,
  value      TEXT COLLATE "C" NOT NULL,
  position   BIGINT  NOT NULL,
  expires_at BIGINT,
  provenance TEXT    NOT NULL,
  updated_at BIGINT  NOT NULL,
  kind       TEXT    NOT NULL CHECK (kind IN ('string', 'integer', 'boolean', 'number')),
  scalar     BOOLEAN NOT NULL,
  PRIMARY KEY (name, value),
  UNIQUE (name, position)
);

CREATE TABLE audit_log (
  sequence      BIGINT NOT NULL PRIMARY KEY CHECK (sequence >= 1),
  time          BIGINT NOT NULL,
  actor         TEXT   NOT NULL,
  action        TEXT   NOT NULL,
  subject       TEXT   NOT NULL,
  details       TEXT   NOT NULL,
  previous_hash BYTEA  NOT NULL CHECK (octet_length(previous_hash) = 32),
  hash          BYTEA  NOT NULL CHECK (octet_length(hash) = 32)
);

-- Append-only against accidents; deliberate tampering is what the hash chain detects.
CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_log is append-only';
END;
$$;
CREATE TRIGGER audit_log_no_change BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
  FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();
)sql"},
    // The key check value of the key-encryption key that sealed `resources` (one row), so a
    // trustee started with another key refuses to start instead of serving unreadable secrets
    // (SQLite's migration 4).
    {2, R"sql(
CREATE TABLE key_check (
  id    BIGINT NOT NULL PRIMARY KEY CHECK (id = 1),
  value BYTEA  NOT NULL CHECK (octet_length(value) > 0)
);
)sql"},
    // KBS sessions shared by every replica (session_records_postgres.h), keyed by SHA-256 of
    // the session id; `expires` in microseconds since the Unix epoch.
    {3, R"sql(
CREATE TABLE kbs_sessions (
  id_hash      TEXT COLLATE "C" NOT NULL PRIMARY KEY CHECK (length(id_hash) = 64),
  nonce        TEXT    NOT NULL,
  tee          TEXT    NOT NULL,
  binding_hash TEXT    NOT NULL,
  client       TEXT    NOT NULL,
  expires      BIGINT  NOT NULL,
  nonce_used   BOOLEAN NOT NULL DEFAULT false,
  token        TEXT
);
CREATE INDEX kbs_sessions_expires ON kbs_sessions (expires);
CREATE INDEX kbs_sessions_unattested ON kbs_sessions (client) WHERE token IS NULL;
)sql"},
    // Nodes known by their TPM's endorsement key (store/node.h; SQLite's migration 5).
    {4, R"sql(
CREATE TABLE nodes (
  name           TEXT COLLATE "C" NOT NULL PRIMARY KEY,
  ek_digest      TEXT COLLATE "C" NOT NULL UNIQUE CHECK (length(ek_digest) = 64),
  ek_certificate BYTEA,
  state          TEXT   NOT NULL CHECK (state IN ('registered', 'enrolled')),
  ak_digest      TEXT COLLATE "C" UNIQUE CHECK (ak_digest IS NULL OR length(ak_digest) = 64),
  registered_at  BIGINT NOT NULL,
  enrolled_at    BIGINT,
  CHECK ((state = 'enrolled') = (ak_digest IS NOT NULL))
);
)sql"},
    // A third policy kind, the identity policy (SQLite's migration 6).
    {5, R"sql(
ALTER TABLE policies DROP CONSTRAINT policies_kind_check;
ALTER TABLE policies ADD CONSTRAINT policies_kind_check
  CHECK (kind IN ('attestation', 'resource', 'identity'));
)sql"},
    // The workload CA (store/workload_ca.h; SQLite's migration 7). Version 5 is the identity
    // policy kind.
    {6, R"sql(
CREATE TABLE workload_cas (
  id              TEXT COLLATE "C" NOT NULL PRIMARY KEY CHECK (length(id) = 64),
  certificate     BYTEA  NOT NULL CHECK (octet_length(certificate) > 0),
  sealed_key      BYTEA  NOT NULL CHECK (octet_length(sealed_key) > 0),
  created_at      BIGINT NOT NULL,
  retired_at      BIGINT,
  published_until BIGINT,
  CHECK ((retired_at IS NULL) = (published_until IS NULL))
);
CREATE UNIQUE INDEX workload_cas_one_current ON workload_cas ((retired_at IS NULL))
  WHERE retired_at IS NULL;

CREATE TABLE workload_certificates (
  serial             TEXT COLLATE "C" NOT NULL PRIMARY KEY CHECK (length(serial) BETWEEN 1 AND 16),
  ca_id              TEXT COLLATE "C" NOT NULL REFERENCES workload_cas (id),
  tee_identity       TEXT COLLATE "C" NOT NULL,
  names              TEXT   NOT NULL,
  not_before         BIGINT NOT NULL,
  not_after          BIGINT NOT NULL,
  attestation_digest TEXT COLLATE "C" NOT NULL,
  attestation_result TEXT   NOT NULL,
  issued_at          BIGINT NOT NULL,
  revoked_at         BIGINT,
  revocation_reason  TEXT,
  CHECK ((revoked_at IS NULL) = (revocation_reason IS NULL))
);
CREATE INDEX workload_certificates_tee ON workload_certificates (tee_identity);
CREATE INDEX workload_certificates_attestation ON workload_certificates (attestation_digest);
)sql"},
};

// pg_advisory_xact_lock key of schema migrations: ASCII "veilschm".
constexpr std::int64_t kMigrationLock = 0x7665696c7363686d;

Status CheckSchemaIsKnown(std::int64_t version) {
  if (version <= kSchemaVersion) return {};
  return Fail(Unsupported("database schema version " + std::to_string(version) +
                          " is newer than this build supports (" + std::to_string(kSchemaVersion) +
                          "); use a newer Veil release"));
}

Status RecordVersion(Connection& connection, std::int64_t version, const Clock& clock) {
  VEIL_TRY(
      connection.Execute("INSERT INTO schema_version (version, applied_at) VALUES ($1, $2)",
                         {Param::Integer(version), Param::Integer(ToUnixSeconds(clock.Now()))}));
  return {};
}

}  // namespace

Result<std::int64_t> ReadSchemaVersion(Connection& connection) {
  VEIL_ASSIGN_OR_RETURN(QueryResult exists,
                        connection.Execute("SELECT to_regclass('schema_version') IS NOT NULL"));
  VEIL_ASSIGN_OR_RETURN(bool has_table, exists.Boolean(0, 0, "to_regclass"));
  if (!has_table) return std::int64_t{0};
  VEIL_ASSIGN_OR_RETURN(
      QueryResult version,
      connection.Execute("SELECT coalesce(max(version), 0)::bigint FROM schema_version"));
  return version.Int64(0, 0, "schema_version.version");
}

Status MigrateSchema(Connection& connection, const Clock& clock) {
  VEIL_ASSIGN_OR_RETURN(Transaction transaction, Transaction::Begin(connection));
  VEIL_TRY(
      connection.Execute("SELECT pg_advisory_xact_lock($1)", {Param::Integer(kMigrationLock)}));
  VEIL_TRY(connection.ExecuteScript(
      "CREATE TABLE IF NOT EXISTS schema_version "
      "(version BIGINT NOT NULL PRIMARY KEY, applied_at BIGINT NOT NULL)"));
  VEIL_ASSIGN_OR_RETURN(std::int64_t current, ReadSchemaVersion(connection));
  VEIL_TRY(CheckSchemaIsKnown(current));
  for (const Migration& migration : kMigrations) {
    if (migration.version <= current) continue;
    auto applied = connection.ExecuteScript(migration.sql);
    if (!applied) {
      return Fail(
          std::move(applied).error().WithContext("migration " + std::to_string(migration.version)));
    }
    VEIL_TRY(RecordVersion(connection, migration.version, clock));
  }
  return transaction.Commit();
}

}  // namespace veil::store::postgres
