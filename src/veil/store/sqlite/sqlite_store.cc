#include "veil/store/sqlite/sqlite_store.h"

#include <limits>
#include <mutex>
#include <optional>
#include <string>
#include <utility>

#include "veil/store/sqlite/audit_rows.h"
#include "veil/store/sqlite/data_file.h"
#include "veil/store/sqlite/database.h"
#include "veil/store/sqlite/key_check_rows.h"
#include "veil/store/sqlite/node_rows.h"
#include "veil/store/sqlite/reference_value_rows.h"
#include "veil/store/sqlite/schema.h"
#include "veil/store/sqlite/transaction.h"
#include "veil/store/sqlite/workload_ca_rows.h"
#include "veil/store/unix_time.h"

namespace veil::store::sqlite {
namespace {

template <class T>
Result<T> InStoreContext(Result<T> result) {
  if (!result) return Fail(std::move(result).error().WithContext("store"));
  return result;
}

// --- resources ---------------------------------------------------------------------------------

Status UpsertResource(Database& db, const protocol::ResourcePath& path, ByteSpan sealed,
                      std::int64_t now) {
  VEIL_ASSIGN_OR_RETURN(
      Statement statement,
      db.Prepare(
          "INSERT INTO resources (path, sealed, created_at, updated_at) VALUES (?1, ?2, ?3, ?3) "
          "ON CONFLICT (path) DO UPDATE SET sealed = excluded.sealed, "
          "updated_at = excluded.updated_at"));
  VEIL_TRY(statement.Bind(1, path.str()));
  VEIL_TRY(statement.Bind(2, sealed));
  VEIL_TRY(statement.Bind(3, now));
  return statement.Run();
}

Status RemoveResource(Database& db, const protocol::ResourcePath& path) {
  VEIL_ASSIGN_OR_RETURN(Statement statement, db.Prepare("DELETE FROM resources WHERE path = ?1"));
  VEIL_TRY(statement.Bind(1, path.str()));
  VEIL_TRY(statement.Run());
  if (db.ChangedRows() == 0) return Fail(NotFound("resource " + path.str() + " does not exist"));
  return {};
}

Result<std::optional<Bytes>> SelectResource(Database& db, const protocol::ResourcePath& path) {
  VEIL_ASSIGN_OR_RETURN(Statement statement,
                        db.Prepare("SELECT sealed FROM resources WHERE path = ?1"));
  VEIL_TRY(statement.Bind(1, path.str()));
  VEIL_ASSIGN_OR_RETURN(bool row, statement.Step());
  if (!row) return std::optional<Bytes>();
  return std::optional<Bytes>(statement.Blob(0));
}

Result<std::vector<ResourceInfo>> SelectResources(Database& db) {
  VEIL_ASSIGN_OR_RETURN(
      Statement statement,
      db.Prepare("SELECT path, created_at, updated_at FROM resources ORDER BY path"));
  std::vector<ResourceInfo> resources;
  while (true) {
    VEIL_ASSIGN_OR_RETURN(bool row, statement.Step());
    if (!row) return resources;
    auto path = protocol::ResourcePath::Parse(statement.Text(0));
    if (!path) return Fail(Malformed("resources.path: " + path.error().message));
    VEIL_ASSIGN_OR_RETURN(TimePoint created_at,
                          FromUnixSeconds(statement.Int64(1), "resources.created_at"));
    VEIL_ASSIGN_OR_RETURN(TimePoint updated_at,
                          FromUnixSeconds(statement.Int64(2), "resources.updated_at"));
    resources.push_back({std::move(*path), created_at, updated_at});
  }
}

// --- policies ----------------------------------------------------------------------------------

Status UpsertPolicy(Database& db, const Policy& policy, std::int64_t now) {
  VEIL_ASSIGN_OR_RETURN(
      Statement statement,
      db.Prepare("INSERT INTO policies (kind, id, text, updated_at) VALUES (?1, ?2, ?3, ?4) "
                 "ON CONFLICT (kind) DO UPDATE SET id = excluded.id, text = excluded.text, "
                 "updated_at = excluded.updated_at"));
  VEIL_TRY(statement.Bind(1, PolicyKindName(policy.kind)));
  VEIL_TRY(statement.Bind(2, policy.id));
  VEIL_TRY(statement.Bind(3, policy.text));
  VEIL_TRY(statement.Bind(4, now));
  return statement.Run();
}

Result<std::optional<PolicyRecord>> SelectPolicy(Database& db, PolicyKind kind) {
  VEIL_ASSIGN_OR_RETURN(Statement statement,
                        db.Prepare("SELECT id, text, updated_at FROM policies WHERE kind = ?1"));
  VEIL_TRY(statement.Bind(1, PolicyKindName(kind)));
  VEIL_ASSIGN_OR_RETURN(bool row, statement.Step());
  if (!row) return std::optional<PolicyRecord>();
  VEIL_ASSIGN_OR_RETURN(TimePoint updated_at,
                        FromUnixSeconds(statement.Int64(2), "policies.updated_at"));
  return std::optional<PolicyRecord>(
      PolicyRecord{{kind, statement.Text(0), statement.Text(1)}, updated_at});
}

// --- the store ---------------------------------------------------------------------------------

class SqliteStore final : public Store {
 public:
  SqliteStore(Database db, const Clock& clock) : db_(std::move(db)), clock_(clock) {}

  Status PutResource(const protocol::ResourcePath& path, ByteSpan sealed,
                     const audit::AuditEvent& event) override {
    if (sealed.empty()) {
      return InStoreContext<void>(
          Fail(InvalidArgument("resource " + path.str() + ": expected sealed bytes, got none")));
    }
    return Mutate(event, [&](std::int64_t now) { return UpsertResource(db_, path, sealed, now); });
  }

  Status DeleteResource(const protocol::ResourcePath& path,
                        const audit::AuditEvent& event) override {
    return Mutate(event, [&](std::int64_t) { return RemoveResource(db_, path); });
  }

  Result<std::optional<Bytes>> GetResource(const protocol::ResourcePath& path) override {
    std::lock_guard lock(mutex_);
    return InStoreContext(SelectResource(db_, path));
  }

  Result<std::vector<ResourceInfo>> ListResources() override {
    std::lock_guard lock(mutex_);
    return InStoreContext(SelectResources(db_));
  }

  Status PutPolicy(const Policy& policy, const audit::AuditEvent& event) override {
    VEIL_TRY(InStoreContext(ValidatePolicy(policy)));
    return Mutate(event, [&](std::int64_t now) { return UpsertPolicy(db_, policy, now); });
  }

  Result<std::optional<PolicyRecord>> GetPolicy(PolicyKind kind) override {
    std::lock_guard lock(mutex_);
    return InStoreContext(SelectPolicy(db_, kind));
  }

  Status ReplaceReferenceValues(std::span<const ReferenceValue> references,
                                const audit::AuditEvent& event) override {
    VEIL_TRY(InStoreContext(ValidateReferenceValueEntries(references)));
    return Mutate(
        event, [&](std::int64_t now) { return ReplaceReferenceValueRows(db_, references, now); });
  }

  Status AppendReferenceValue(const ReferenceValue& reference,
                              const audit::AuditEvent& event) override {
    VEIL_TRY(InStoreContext(ValidateReferenceValue(reference)));
    return Mutate(event,
                  [&](std::int64_t now) { return AppendReferenceValueRows(db_, reference, now); });
  }

  Status RemoveReferenceValues(std::string_view name, std::span<const std::string> values,
                               const audit::AuditEvent& event) override {
    VEIL_TRY(InStoreContext(ValidateReferenceValueName(name)));
    if (values.empty()) {
      return InStoreContext<void>(Fail(InvalidArgument("reference value " + std::string(name) +
                                                       ": expected values to remove, got none")));
    }
    return Mutate(event, [&](std::int64_t) { return RemoveReferenceValueRows(db_, name, values); });
  }

  Status DeleteReferenceValue(std::string_view name, const audit::AuditEvent& event) override {
    VEIL_TRY(InStoreContext(ValidateReferenceValueName(name)));
    return Mutate(event, [&](std::int64_t) { return DeleteReferenceValueRows(db_, name); });
  }

  Result<std::vector<ReferenceValueRecord>> ListReferenceValues() override {
    std::lock_guard lock(mutex_);
    auto rows = InStoreContext(SelectReferenceValueRows(db_));
    if (!rows) return Fail(std::move(rows).error());
    return GroupStoredReferenceValues(*rows);
  }

  Status RegisterNode(const NodeIdentity& identity, const audit::AuditEvent& event) override {
    VEIL_TRY(InStoreContext(ValidateNodeIdentity(identity)));
    return Mutate(event, [&](std::int64_t now) { return InsertNodeRow(db_, identity, now); });
  }

  Status EnrolNode(const NodeIdentity& identity, std::string_view ak_digest,
                   const audit::AuditEvent& event) override {
    VEIL_TRY(InStoreContext(ValidateNodeIdentity(identity)));
    VEIL_TRY(InStoreContext(ValidateSha256Hex("AK digest", ak_digest)));
    return Mutate(event,
                  [&](std::int64_t now) { return EnrolNodeRow(db_, identity, ak_digest, now); });
  }

  Status DeleteNode(std::string_view name, const audit::AuditEvent& event) override {
    VEIL_TRY(InStoreContext(ValidateNodeName(name)));
    return Mutate(event, [&](std::int64_t) { return DeleteNodeRow(db_, name); });
  }

  Result<std::vector<NodeRecord>> ListNodes() override {
    std::lock_guard lock(mutex_);
    return InStoreContext(SelectNodeRows(db_));
  }

  Result<std::optional<NodeRecord>> FindNodeByEk(std::string_view ek_digest) override {
    std::lock_guard lock(mutex_);
    return InStoreContext(SelectNodeRow(db_, "ek_digest", ek_digest));
  }

  Result<std::optional<NodeRecord>> FindNodeByAk(std::string_view ak_digest) override {
    std::lock_guard lock(mutex_);
    return InStoreContext(SelectNodeRow(db_, "ak_digest", ak_digest));
  }

  Result<std::optional<Bytes>> GetKeyCheck() override {
    std::lock_guard lock(mutex_);
    return InStoreContext(SelectKeyCheck(db_));
  }

  Result<Bytes> InitKeyCheck(ByteSpan key_check) override {
    if (key_check.empty())
      return InStoreContext<Bytes>(Fail(InvalidArgument("key check: expected bytes, got none")));
    std::lock_guard lock(mutex_);
    return InStoreContext(InitKeyCheckLocked(key_check));
  }

  Status ResealResources(ByteSpan expected_key_check, const Resealer& reseal,
                         ByteSpan new_key_check, const audit::AuditEvent& event) override {
    if (expected_key_check.empty() || new_key_check.empty()) {
      return InStoreContext<void>(
          Fail(InvalidArgument("key check: expected bytes for the old and the new key, got none")));
    }
    return Mutate(event, [&](std::int64_t) -> Status {
      VEIL_TRY(RequireKeyCheck(db_, expected_key_check));
      VEIL_TRY(ResealResourceRows(db_, reseal));
      VEIL_TRY(ResealWorkloadCaKeys(db_, reseal));
      return ReplaceKeyCheck(db_, new_key_check);
    });
  }

  Result<std::vector<WorkloadCaRecord>> ListWorkloadCas() override {
    std::lock_guard lock(mutex_);
    return InStoreContext(SelectWorkloadCaRows(db_));
  }

  Result<WorkloadCaRecord> InitWorkloadCa(const WorkloadCaRecord& ca,
                                          const audit::AuditEvent& event) override {
    VEIL_TRY(InStoreContext(ValidateWorkloadCa(ca)));
    VEIL_TRY(InStoreContext(audit::ValidateAuditEvent(event)));
    std::lock_guard lock(mutex_);
    return InStoreContext(InitWorkloadCaLocked(ca, event));
  }

  Status RotateWorkloadCa(std::string_view expected_current_id, TimePoint old_published_until,
                          const WorkloadCaRecord& next, const audit::AuditEvent& event) override {
    VEIL_TRY(InStoreContext(ValidateWorkloadCa(next)));
    return Mutate(event, [&](std::int64_t now) {
      return RotateWorkloadCaRows(db_, expected_current_id, ToUnixSeconds(old_published_until),
                                  next, now);
    });
  }

  Status AddWorkloadCertificate(const WorkloadCertificateRecord& certificate,
                                const audit::AuditEvent& event) override {
    VEIL_TRY(InStoreContext(ValidateWorkloadCertificate(certificate)));
    return Mutate(event, [&](std::int64_t now) {
      return InsertWorkloadCertificateRow(db_, certificate, now);
    });
  }

  Result<std::optional<WorkloadCertificateRecord>> GetWorkloadCertificate(
      std::string_view serial) override {
    return FindCertificate("WHERE serial = ?1", serial);
  }

  Result<std::vector<WorkloadCertificateRecord>> ListWorkloadCertificates() override {
    std::lock_guard lock(mutex_);
    return InStoreContext(SelectWorkloadCertificateRows(db_));
  }

  Result<std::optional<WorkloadCertificateRecord>> FindWorkloadCertificateByAttestation(
      std::string_view attestation_digest) override {
    return FindCertificate("WHERE attestation_digest = ?1", attestation_digest);
  }

  Result<std::vector<std::string>> RevokeWorkloadCertificates(
      const WorkloadRevocation& revocation, const audit::AuditEvent& event) override {
    VEIL_TRY(InStoreContext(ValidateWorkloadRevocation(revocation)));
    // The entry names the serials the change revoked: Mutate appends `recorded` after the change.
    audit::AuditEvent recorded = event;
    std::vector<std::string> revoked;
    VEIL_TRY(Mutate(recorded, [&](std::int64_t now) -> Status {
      VEIL_ASSIGN_OR_RETURN(revoked, RevokeWorkloadCertificateRows(db_, revocation, now));
      recorded.details["serials"] = revoked;
      return {};
    }));
    return revoked;
  }

  Result<audit::AuditEntry> AppendAudit(const audit::AuditEvent& event) override {
    const auto no_change = [](std::int64_t) { return Status(); };
    std::optional<audit::AuditEntry> appended;
    VEIL_TRY(Mutate(event, no_change, &appended));
    return std::move(*appended);
  }

  Result<std::vector<audit::AuditEntry>> ReadAudit(std::uint64_t from_sequence,
                                                   std::size_t limit) override {
    std::lock_guard lock(mutex_);
    return InStoreContext(ReadAuditRows(db_, from_sequence, limit));
  }

 private:
  Result<Bytes> InitKeyCheckLocked(ByteSpan key_check) {
    VEIL_ASSIGN_OR_RETURN(Transaction transaction, Transaction::BeginImmediate(db_));
    VEIL_TRY(InsertKeyCheckIfAbsent(db_, key_check));
    VEIL_ASSIGN_OR_RETURN(std::optional<Bytes> stored, SelectKeyCheck(db_));
    VEIL_TRY(transaction.Commit());
    if (!stored) return Fail(Internal("key_check: expected a row after inserting one"));
    return std::move(*stored);
  }

  Result<WorkloadCaRecord> InitWorkloadCaLocked(const WorkloadCaRecord& ca,
                                                const audit::AuditEvent& event) {
    const TimePoint now = clock_.Now();
    VEIL_ASSIGN_OR_RETURN(Transaction transaction, Transaction::BeginImmediate(db_));
    VEIL_ASSIGN_OR_RETURN(bool added, InsertWorkloadCaIfNoCurrent(db_, ca, ToUnixSeconds(now)));
    if (added) VEIL_TRY(AppendAuditRow(db_, now, event));
    VEIL_ASSIGN_OR_RETURN(std::vector<WorkloadCaRecord> cas, SelectWorkloadCaRows(db_));
    VEIL_TRY(transaction.Commit());
    if (cas.empty() || cas.front().retired_at)
      return Fail(Internal("workload_cas: expected a current CA after adding one"));
    return std::move(cas.front());
  }

  Result<std::optional<WorkloadCertificateRecord>> FindCertificate(std::string_view where,
                                                                   std::string_view value) {
    std::lock_guard lock(mutex_);
    auto rows = InStoreContext(SelectWorkloadCertificateRows(db_, where, value));
    if (!rows) return Fail(std::move(rows).error());
    if (rows->empty()) return std::optional<WorkloadCertificateRecord>();
    return std::optional<WorkloadCertificateRecord>(std::move(rows->back()));
  }

  // Applies `change` and appends `event` in one BEGIN IMMEDIATE transaction: both or neither.
  template <class Change>
  Status Mutate(const audit::AuditEvent& event, Change change,
                std::optional<audit::AuditEntry>* appended = nullptr) {
    VEIL_TRY(InStoreContext(audit::ValidateAuditEvent(event)));
    std::lock_guard lock(mutex_);
    return InStoreContext(MutateLocked(event, change, appended));
  }

  template <class Change>
  Status MutateLocked(const audit::AuditEvent& event, Change& change,
                      std::optional<audit::AuditEntry>* appended) {
    const TimePoint now = clock_.Now();
    VEIL_ASSIGN_OR_RETURN(Transaction transaction, Transaction::BeginImmediate(db_));
    VEIL_TRY(change(ToUnixSeconds(now)));
    VEIL_ASSIGN_OR_RETURN(audit::AuditEntry entry, AppendAuditRow(db_, now, event));
    VEIL_TRY(transaction.Commit());
    if (appended != nullptr) *appended = std::move(entry);
    return {};
  }

  std::mutex mutex_;  // one connection: serializes statements and keeps transactions apart
  Database db_;
  const Clock& clock_;
};

Status ConfigureDurability(Database& db) {
  VEIL_ASSIGN_OR_RETURN(Statement journal, db.Prepare("PRAGMA journal_mode = WAL"));
  VEIL_ASSIGN_OR_RETURN(bool row, journal.Step());
  if (!row || journal.Text(0) != "wal") {
    return Fail(Unavailable("expected journal_mode wal, got " +
                            (row ? journal.Text(0) : std::string("nothing"))));
  }
  // WAL with synchronous=FULL syncs the WAL on every commit: an acknowledged write survives a
  // power loss or OS crash, not only the end of the process (NORMAL syncs only at checkpoints and
  // may lose the last commits). Read back, as SQLite ignores a pragma it cannot apply.
  VEIL_TRY(db.Execute("PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON;"));
  VEIL_ASSIGN_OR_RETURN(Statement synchronous, db.Prepare("PRAGMA synchronous"));
  VEIL_ASSIGN_OR_RETURN(bool synchronous_row, synchronous.Step());
  constexpr std::int64_t kSynchronousFull = 2;
  if (!synchronous_row || synchronous.Int64(0) != kSynchronousFull) {
    return Fail(Internal("expected synchronous FULL (2), got " +
                         (synchronous_row ? std::to_string(synchronous.Int64(0)) : "nothing")));
  }
  VEIL_ASSIGN_OR_RETURN(Statement foreign_keys, db.Prepare("PRAGMA foreign_keys"));
  VEIL_ASSIGN_OR_RETURN(bool enabled, foreign_keys.Step());
  if (!enabled || foreign_keys.Int64(0) != 1)
    return Fail(Internal("expected foreign_keys on, got off"));
  return {};
}

Result<std::unique_ptr<Store>> OpenStore(const std::filesystem::path& file, const Clock& clock) {
  VEIL_TRY(EnsurePrivateFile(file));
  VEIL_ASSIGN_OR_RETURN(Database db, Database::Open(file, Database::Mode::kReadWrite));
  VEIL_TRY(ConfigureDurability(db));
  VEIL_TRY(MigrateSchema(db, clock));
  return std::unique_ptr<Store>(std::make_unique<SqliteStore>(std::move(db), clock));
}

Result<std::vector<audit::AuditEntry>> ReadAuditLog(const std::filesystem::path& file) {
  VEIL_ASSIGN_OR_RETURN(Database db, Database::Open(file, Database::Mode::kReadOnly));
  VEIL_ASSIGN_OR_RETURN(std::int64_t version, ReadSchemaVersion(db));
  if (version == 0)
    return Fail(NotFound(file.string() + " holds no Veil store (no schema_version table)"));
  VEIL_TRY(CheckSchemaIsKnown(version));
  // One statement reads one consistent snapshot, even while a trustee appends.
  return ReadAuditRows(db, 1, std::numeric_limits<std::size_t>::max());
}

}  // namespace

std::filesystem::path SqliteStoreFile(const std::filesystem::path& data_dir) {
  return data_dir / "trustee.db";
}

Result<std::unique_ptr<Store>> OpenSqliteStore(const std::filesystem::path& file,
                                               const Clock& clock) {
  return InStoreContext(OpenStore(file, clock));
}

Result<std::vector<audit::AuditEntry>> ReadSqliteAuditLog(const std::filesystem::path& file) {
  return InStoreContext(ReadAuditLog(file));
}

}  // namespace veil::store::sqlite
