#include "veil/store/postgres/postgres_store.h"

#include <optional>
#include <string>
#include <utility>

#include "veil/store/postgres/audit_rows.h"
#include "veil/store/postgres/connection.h"
#include "veil/store/postgres/connection_pool.h"
#include "veil/store/postgres/key_check_rows.h"
#include "veil/store/postgres/node_rows.h"
#include "veil/store/postgres/reference_value_rows.h"
#include "veil/store/postgres/schema.h"
#include "veil/store/postgres/transaction.h"
#include "veil/store/postgres/workload_ca_rows.h"
#include "veil/store/unix_time.h"

namespace veil::store::postgres {
namespace {

template <class T>
Result<T> InStoreContext(Result<T> result) {
  if (!result) return Fail(std::move(result).error().WithContext("store"));
  return result;
}

// --- resources ---------------------------------------------------------------------------------

Status UpsertResource(Connection& connection, const protocol::ResourcePath& path, ByteSpan sealed,
                      std::int64_t now) {
  VEIL_TRY(connection.Execute(
      "INSERT INTO resources (path, sealed, created_at, updated_at) VALUES ($1, $2, $3, $3) "
      "ON CONFLICT (path) DO UPDATE SET sealed = excluded.sealed, "
      "updated_at = excluded.updated_at",
      {Param::Text(path.str()), Param::Bytea(sealed), Param::Integer(now)}));
  return {};
}

Status RemoveResource(Connection& connection, const protocol::ResourcePath& path) {
  VEIL_ASSIGN_OR_RETURN(
      QueryResult deleted,
      connection.Execute("DELETE FROM resources WHERE path = $1", {Param::Text(path.str())}));
  if (deleted.ChangedRows() == 0)
    return Fail(NotFound("resource " + path.str() + " does not exist"));
  return {};
}

Result<std::optional<Bytes>> SelectResource(Connection& connection,
                                            const protocol::ResourcePath& path) {
  VEIL_ASSIGN_OR_RETURN(QueryResult row,
                        connection.Execute("SELECT sealed FROM resources WHERE path = $1",
                                           {Param::Text(path.str())}));
  if (row.rows() == 0) return std::optional<Bytes>();
  return std::optional<Bytes>(row.Bytea(0, 0));
}

Result<std::vector<ResourceInfo>> SelectResources(Connection& connection) {
  VEIL_ASSIGN_OR_RETURN(
      QueryResult rows,
      connection.Execute("SELECT path, created_at, updated_at FROM resources ORDER BY path"));
  std::vector<ResourceInfo> resources;
  for (int row = 0; row < rows.rows(); ++row) {
    auto path = protocol::ResourcePath::Parse(rows.Text(row, 0));
    if (!path) return Fail(Malformed("resources.path: " + path.error().message));
    VEIL_ASSIGN_OR_RETURN(const std::int64_t created, rows.Int64(row, 1, "resources.created_at"));
    VEIL_ASSIGN_OR_RETURN(const std::int64_t updated, rows.Int64(row, 2, "resources.updated_at"));
    VEIL_ASSIGN_OR_RETURN(TimePoint created_at, FromUnixSeconds(created, "resources.created_at"));
    VEIL_ASSIGN_OR_RETURN(TimePoint updated_at, FromUnixSeconds(updated, "resources.updated_at"));
    resources.push_back({std::move(*path), created_at, updated_at});
  }
  return resources;
}

// --- policies ----------------------------------------------------------------------------------

Status UpsertPolicy(Connection& connection, const Policy& policy, std::int64_t now) {
  VEIL_TRY(connection.Execute(
      "INSERT INTO policies (kind, id, text, updated_at) VALUES ($1, $2, $3, $4) "
      "ON CONFLICT (kind) DO UPDATE SET id = excluded.id, text = excluded.text, "
      "updated_at = excluded.updated_at",
      {Param::Text(PolicyKindName(policy.kind)), Param::Text(policy.id), Param::Text(policy.text),
       Param::Integer(now)}));
  return {};
}

Result<std::optional<PolicyRecord>> SelectPolicy(Connection& connection, PolicyKind kind) {
  VEIL_ASSIGN_OR_RETURN(
      QueryResult row,
      connection.Execute("SELECT id, text, updated_at FROM policies WHERE kind = $1",
                         {Param::Text(PolicyKindName(kind))}));
  if (row.rows() == 0) return std::optional<PolicyRecord>();
  VEIL_ASSIGN_OR_RETURN(const std::int64_t updated, row.Int64(0, 2, "policies.updated_at"));
  VEIL_ASSIGN_OR_RETURN(TimePoint updated_at, FromUnixSeconds(updated, "policies.updated_at"));
  return std::optional<PolicyRecord>(
      PolicyRecord{{kind, row.Text(0, 0), row.Text(0, 1)}, updated_at});
}

// --- key check ---------------------------------------------------------------------------------

// The first value stored wins: a trustee starting at the same time as another gets the other's
// value back when that one committed first (the INSERT waits for it, then does nothing).
Result<Bytes> InitKeyCheckOn(Connection& connection, ByteSpan key_check) {
  VEIL_ASSIGN_OR_RETURN(Transaction transaction, Transaction::Begin(connection));
  VEIL_TRY(InsertKeyCheckIfAbsent(connection, key_check));
  VEIL_ASSIGN_OR_RETURN(std::optional<Bytes> stored, SelectKeyCheck(connection));
  VEIL_TRY(transaction.Commit());
  if (!stored) return Fail(Internal("key_check: expected a row after inserting one"));
  return std::move(*stored);
}

// --- the store ---------------------------------------------------------------------------------

class PostgresStore final : public Store {
 public:
  PostgresStore(std::string url, std::size_t max_connections, Connection first, const Clock& clock)
      : pool_(std::move(url), max_connections, std::move(first)), clock_(clock) {}

  Status PutResource(const protocol::ResourcePath& path, ByteSpan sealed,
                     const audit::AuditEvent& event) override {
    if (sealed.empty()) {
      return InStoreContext<void>(
          Fail(InvalidArgument("resource " + path.str() + ": expected sealed bytes, got none")));
    }
    return Mutate(event, [&](Connection& connection, std::int64_t now) {
      return UpsertResource(connection, path, sealed, now);
    });
  }

  Status DeleteResource(const protocol::ResourcePath& path,
                        const audit::AuditEvent& event) override {
    return Mutate(event, [&](Connection& connection, std::int64_t) {
      return RemoveResource(connection, path);
    });
  }

  Result<std::optional<Bytes>> GetResource(const protocol::ResourcePath& path) override {
    return Read([&](Connection& connection) { return SelectResource(connection, path); });
  }

  Result<std::vector<ResourceInfo>> ListResources() override {
    return Read([&](Connection& connection) { return SelectResources(connection); });
  }

  Status PutPolicy(const Policy& policy, const audit::AuditEvent& event) override {
    VEIL_TRY(InStoreContext(ValidatePolicy(policy)));
    return Mutate(event, [&](Connection& connection, std::int64_t now) {
      return UpsertPolicy(connection, policy, now);
    });
  }

  Result<std::optional<PolicyRecord>> GetPolicy(PolicyKind kind) override {
    return Read([&](Connection& connection) { return SelectPolicy(connection, kind); });
  }

  Status ReplaceReferenceValues(std::span<const ReferenceValue> references,
                                const audit::AuditEvent& event) override {
    VEIL_TRY(InStoreContext(ValidateReferenceValueEntries(references)));
    return Mutate(event, [&](Connection& connection, std::int64_t now) {
      return ReplaceReferenceValueRows(connection, references, now);
    });
  }

  Status AppendReferenceValue(const ReferenceValue& reference,
                              const audit::AuditEvent& event) override {
    VEIL_TRY(InStoreContext(ValidateReferenceValue(reference)));
    return Mutate(event, [&](Connection& connection, std::int64_t now) {
      return AppendReferenceValueRows(connection, reference, now);
    });
  }

  Status RemoveReferenceValues(std::string_view name, std::span<const std::string> values,
                               const audit::AuditEvent& event) override {
    VEIL_TRY(InStoreContext(ValidateReferenceValueName(name)));
    if (values.empty()) {
      return InStoreContext<void>(Fail(InvalidArgument("reference value " + std::string(name) +
                                                       ": expected values to remove, got none")));
    }
    return Mutate(event, [&](Connection& connection, std::int64_t) {
      return RemoveReferenceValueRows(connection, name, values);
    });
  }

  Status DeleteReferenceValue(std::string_view name, const audit::AuditEvent& event) override {
    VEIL_TRY(InStoreContext(ValidateReferenceValueName(name)));
    return Mutate(event, [&](Connection& connection, std::int64_t) {
      return DeleteReferenceValueRows(connection, name);
    });
  }

  Result<std::vector<ReferenceValueRecord>> ListReferenceValues() override {
    auto rows = Read([&](Connection& connection) { return SelectReferenceValueRows(connection); });
    if (!rows) return Fail(std::move(rows).error());
    return GroupStoredReferenceValues(*rows);
  }

  Status RegisterNode(const NodeIdentity& identity, const audit::AuditEvent& event) override {
    VEIL_TRY(InStoreContext(ValidateNodeIdentity(identity)));
    return Mutate(event, [&](Connection& connection, std::int64_t now) {
      return InsertNodeRow(connection, identity, now);
    });
  }

  Status EnrolNode(const NodeIdentity& identity, std::string_view ak_digest,
                   const audit::AuditEvent& event) override {
    VEIL_TRY(InStoreContext(ValidateNodeIdentity(identity)));
    VEIL_TRY(InStoreContext(ValidateSha256Hex("AK digest", ak_digest)));
    return Mutate(event, [&](Connection& connection, std::int64_t now) {
      return EnrolNodeRow(connection, identity, ak_digest, now);
    });
  }

  Status DeleteNode(std::string_view name, const audit::AuditEvent& event) override {
    VEIL_TRY(InStoreContext(ValidateNodeName(name)));
    return Mutate(event, [&](Connection& connection, std::int64_t) {
      return DeleteNodeRow(connection, name);
    });
  }

  Result<std::vector<NodeRecord>> ListNodes() override {
    return Read([&](Connection& connection) { return SelectNodeRows(connection); });
  }

  Result<std::optional<NodeRecord>> FindNodeByEk(std::string_view ek_digest) override {
    return Read(
        [&](Connection& connection) { return SelectNodeRow(connection, "ek_digest", ek_digest); });
  }

  Result<std::optional<NodeRecord>> FindNodeByAk(std::string_view ak_digest) override {
    return Read(
        [&](Connection& connection) { return SelectNodeRow(connection, "ak_digest", ak_digest); });
  }

  Result<std::optional<Bytes>> GetKeyCheck() override {
    return Read([&](Connection& connection) { return SelectKeyCheck(connection); });
  }

  Result<Bytes> InitKeyCheck(ByteSpan key_check) override {
    if (key_check.empty())
      return InStoreContext<Bytes>(Fail(InvalidArgument("key check: expected bytes, got none")));
    return Read([&](Connection& connection) { return InitKeyCheckOn(connection, key_check); });
  }

  Status ResealResources(ByteSpan expected_key_check, const Resealer& reseal,
                         ByteSpan new_key_check, const audit::AuditEvent& event) override {
    if (expected_key_check.empty() || new_key_check.empty()) {
      return InStoreContext<void>(
          Fail(InvalidArgument("key check: expected bytes for the old and the new key, got none")));
    }
    // Under the audit lock, like every write; the rows are then locked FOR UPDATE as well.
    return Mutate(event, [&](Connection& connection, std::int64_t) -> Status {
      VEIL_TRY(RequireKeyCheck(connection, expected_key_check));
      VEIL_TRY(ResealResourceRows(connection, reseal));
      VEIL_TRY(ResealWorkloadCaKeys(connection, reseal));
      return ReplaceKeyCheck(connection, new_key_check);
    });
  }

  Result<std::vector<WorkloadCaRecord>> ListWorkloadCas() override {
    return Read([&](Connection& connection) { return SelectWorkloadCaRows(connection); });
  }

  Result<WorkloadCaRecord> InitWorkloadCa(const WorkloadCaRecord& ca,
                                          const audit::AuditEvent& event) override {
    VEIL_TRY(InStoreContext(ValidateWorkloadCa(ca)));
    VEIL_TRY(InStoreContext(audit::ValidateAuditEvent(event)));
    return Read([&](Connection& connection) { return InitWorkloadCaOn(connection, ca, event); });
  }

  Status RotateWorkloadCa(std::string_view expected_current_id, TimePoint old_published_until,
                          const WorkloadCaRecord& next, const audit::AuditEvent& event) override {
    VEIL_TRY(InStoreContext(ValidateWorkloadCa(next)));
    return Mutate(event, [&](Connection& connection, std::int64_t now) {
      return RotateWorkloadCaRows(connection, expected_current_id,
                                  ToUnixSeconds(old_published_until), next, now);
    });
  }

  Status AddWorkloadCertificate(const WorkloadCertificateRecord& certificate,
                                const audit::AuditEvent& event) override {
    VEIL_TRY(InStoreContext(ValidateWorkloadCertificate(certificate)));
    return Mutate(event, [&](Connection& connection, std::int64_t now) {
      return InsertWorkloadCertificateRow(connection, certificate, now);
    });
  }

  Result<std::optional<WorkloadCertificateRecord>> GetWorkloadCertificate(
      std::string_view serial) override {
    return FindCertificate("WHERE serial = $1", serial);
  }

  Result<std::vector<WorkloadCertificateRecord>> ListWorkloadCertificates() override {
    return Read([&](Connection& connection) { return SelectWorkloadCertificateRows(connection); });
  }

  Result<std::optional<WorkloadCertificateRecord>> FindWorkloadCertificateByAttestation(
      std::string_view attestation_digest) override {
    return FindCertificate("WHERE attestation_digest = $1", attestation_digest);
  }

  Result<std::vector<std::string>> RevokeWorkloadCertificates(
      const WorkloadRevocation& revocation, const audit::AuditEvent& event) override {
    VEIL_TRY(InStoreContext(ValidateWorkloadRevocation(revocation)));
    // The entry names the serials the change revoked: Mutate appends `recorded` after the change.
    audit::AuditEvent recorded = event;
    std::vector<std::string> revoked;
    VEIL_TRY(Mutate(recorded, [&](Connection& connection, std::int64_t now) -> Status {
      VEIL_ASSIGN_OR_RETURN(revoked, RevokeWorkloadCertificateRows(connection, revocation, now));
      recorded.details["serials"] = revoked;
      return {};
    }));
    return revoked;
  }

  Result<audit::AuditEntry> AppendAudit(const audit::AuditEvent& event) override {
    const auto no_change = [](Connection&, std::int64_t) { return Status(); };
    std::optional<audit::AuditEntry> appended;
    VEIL_TRY(Mutate(event, no_change, &appended));
    return std::move(*appended);
  }

  Result<std::vector<audit::AuditEntry>> ReadAudit(std::uint64_t from_sequence,
                                                   std::size_t limit) override {
    return Read(
        [&](Connection& connection) { return ReadAuditRows(connection, from_sequence, limit); });
  }

 private:
  // On one pooled connection: one statement outside any transaction (one consistent snapshot),
  // or a transaction `query` runs itself.
  template <class Query>
  auto Read(Query query) -> decltype(query(std::declval<Connection&>())) {
    auto lease = pool_.Acquire();
    if (!lease) return Fail(std::move(lease).error().WithContext("store"));
    return InStoreContext(query(**lease));
  }

  // Under the audit lock, so of two replicas starting at once the second sees the first's CA.
  Result<WorkloadCaRecord> InitWorkloadCaOn(Connection& connection, const WorkloadCaRecord& ca,
                                            const audit::AuditEvent& event) {
    VEIL_ASSIGN_OR_RETURN(Transaction transaction, Transaction::Begin(connection));
    VEIL_TRY(LockAuditLog(connection));
    const TimePoint now = clock_.Now();
    VEIL_ASSIGN_OR_RETURN(bool added,
                          InsertWorkloadCaIfNoCurrent(connection, ca, ToUnixSeconds(now)));
    if (added) VEIL_TRY(AppendAuditRow(connection, now, event));
    VEIL_ASSIGN_OR_RETURN(std::vector<WorkloadCaRecord> cas, SelectWorkloadCaRows(connection));
    VEIL_TRY(transaction.Commit());
    if (cas.empty() || cas.front().retired_at)
      return Fail(Internal("workload_cas: expected a current CA after adding one"));
    return std::move(cas.front());
  }

  Result<std::optional<WorkloadCertificateRecord>> FindCertificate(std::string_view where,
                                                                   std::string_view value) {
    auto rows = Read([&](Connection& connection) {
      return SelectWorkloadCertificateRows(connection, where, value);
    });
    if (!rows) return Fail(std::move(rows).error());
    if (rows->empty()) return std::optional<WorkloadCertificateRecord>();
    return std::optional<WorkloadCertificateRecord>(std::move(rows->back()));
  }

  // Applies `change` and appends `event` in one transaction, under the audit lock: both or
  // neither.
  template <class Change>
  Status Mutate(const audit::AuditEvent& event, Change change,
                std::optional<audit::AuditEntry>* appended = nullptr) {
    VEIL_TRY(InStoreContext(audit::ValidateAuditEvent(event)));
    return InStoreContext(MutateOnLease(event, change, appended));
  }

  template <class Change>
  Status MutateOnLease(const audit::AuditEvent& event, Change& change,
                       std::optional<audit::AuditEntry>* appended) {
    VEIL_ASSIGN_OR_RETURN(ConnectionPool::Lease connection, pool_.Acquire());
    // Declared after the lease, so it ends (rolling back unless committed) before the lease does.
    VEIL_ASSIGN_OR_RETURN(Transaction transaction, Transaction::Begin(*connection));
    VEIL_TRY(LockAuditLog(*connection));
    // Read under the lock: entries chained one after another are dated in that order.
    const TimePoint now = clock_.Now();
    VEIL_TRY(change(*connection, ToUnixSeconds(now)));
    VEIL_ASSIGN_OR_RETURN(audit::AuditEntry entry, AppendAuditRow(*connection, now, event));
    VEIL_TRY(transaction.Commit());
    if (appended != nullptr) *appended = std::move(entry);
    return {};
  }

  ConnectionPool pool_;  // one connection per concurrent call, each call on its own
  const Clock& clock_;
};

Result<std::unique_ptr<Store>> OpenStore(const std::string& url, std::size_t max_connections,
                                         const Clock& clock) {
  if (max_connections == 0) return Fail(InvalidArgument("connections: expected at least 1, got 0"));
  VEIL_ASSIGN_OR_RETURN(Connection connection, Connection::Open(url));
  VEIL_TRY(MigrateSchema(connection, clock));
  return std::unique_ptr<Store>(
      std::make_unique<PostgresStore>(url, max_connections, std::move(connection), clock));
}

}  // namespace

Result<std::unique_ptr<Store>> OpenPostgresStore(const std::string& url, const Clock& clock,
                                                 std::size_t max_connections) {
  return InStoreContext(OpenStore(url, max_connections, clock));
}

}  // namespace veil::store::postgres
