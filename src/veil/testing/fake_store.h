#pragma once
// FakeStore: an in-memory store::Store for unit tests of kbs/ and admin/, with no SQLite. It
// honours the whole contract of store/store.h (validation, kNotFound, whole-second times, audit
// entries linked with audit::LinkAuditEntry) and, like a database transaction, applies a change
// and its audit entry to a copy of the state that replaces the state only when both succeeded.
//
// Failure injection, so tests can reach the paths a healthy database never takes (each call sets
// the count, 0 clears it):
// - FailAuditAppends(n): the next n audit appends fail (the mutation they belong to, or a bare
//   AppendAudit, leaves nothing behind) with kUnavailable "injected audit failure".
// - FailChanges(n): the next n mutations (a bare AppendAudit included) fail at their change,
//   before any audit entry, with kUnavailable "injected change failure".
// - FailReads(n): the next n reads (Get*, List*, ReadAudit) fail with kUnavailable.
// Refusals that happen before the transaction (validation) do not consume an injected failure.

#include <cstddef>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "veil/base/clock.h"
#include "veil/store/store.h"

namespace veil::testing {

class FakeStore final : public store::Store {
 public:
  // `clock` dates records and audit entries and must outlive the store.
  explicit FakeStore(const Clock& clock) : clock_(clock) {}

  void FailAuditAppends(std::size_t count = 1);
  void FailChanges(std::size_t count = 1);
  void FailReads(std::size_t count = 1);

  Status PutResource(const protocol::ResourcePath& path, ByteSpan sealed,
                     const audit::AuditEvent& event) override;
  Status DeleteResource(const protocol::ResourcePath& path,
                        const audit::AuditEvent& event) override;
  Result<std::optional<Bytes>> GetResource(const protocol::ResourcePath& path) override;
  Result<std::vector<store::ResourceInfo>> ListResources() override;

  Status PutPolicy(const store::Policy& policy, const audit::AuditEvent& event) override;
  Result<std::optional<store::PolicyRecord>> GetPolicy(store::PolicyKind kind) override;

  Status ReplaceReferenceValues(std::span<const ReferenceValue> references,
                                const audit::AuditEvent& event) override;
  Status AppendReferenceValue(const ReferenceValue& reference,
                              const audit::AuditEvent& event) override;
  Status RemoveReferenceValues(std::string_view name, std::span<const std::string> values,
                               const audit::AuditEvent& event) override;
  Status DeleteReferenceValue(std::string_view name, const audit::AuditEvent& event) override;
  Result<std::vector<store::ReferenceValueRecord>> ListReferenceValues() override;

  Status RegisterNode(const store::NodeIdentity& identity, const audit::AuditEvent& event) override;
  Status EnrolNode(const store::NodeIdentity& identity, std::string_view ak_digest,
                   const audit::AuditEvent& event) override;
  Status DeleteNode(std::string_view name, const audit::AuditEvent& event) override;
  Result<std::vector<store::NodeRecord>> ListNodes() override;
  Result<std::optional<store::NodeRecord>> FindNodeByEk(std::string_view ek_digest) override;
  Result<std::optional<store::NodeRecord>> FindNodeByAk(std::string_view ak_digest) override;

  Result<std::optional<Bytes>> GetKeyCheck() override;
  Result<Bytes> InitKeyCheck(ByteSpan key_check) override;
  Status ResealResources(ByteSpan expected_key_check, const Resealer& reseal,
                         ByteSpan new_key_check, const audit::AuditEvent& event) override;

  Result<std::vector<store::WorkloadCaRecord>> ListWorkloadCas() override;
  Result<store::WorkloadCaRecord> InitWorkloadCa(const store::WorkloadCaRecord& ca,
                                                 const audit::AuditEvent& event) override;
  Status RotateWorkloadCa(std::string_view expected_current_id, TimePoint old_published_until,
                          const store::WorkloadCaRecord& next,
                          const audit::AuditEvent& event) override;
  Status AddWorkloadCertificate(const store::WorkloadCertificateRecord& certificate,
                                const audit::AuditEvent& event) override;
  Result<std::optional<store::WorkloadCertificateRecord>> GetWorkloadCertificate(
      std::string_view serial) override;
  Result<std::vector<store::WorkloadCertificateRecord>> ListWorkloadCertificates() override;
  Result<std::optional<store::WorkloadCertificateRecord>> FindWorkloadCertificateByAttestation(
      std::string_view attestation_digest) override;
  Result<std::vector<std::string>> RevokeWorkloadCertificates(
      const store::WorkloadRevocation& revocation, const audit::AuditEvent& event) override;

  Result<audit::AuditEntry> AppendAudit(const audit::AuditEvent& event) override;
  Result<std::vector<audit::AuditEntry>> ReadAudit(std::uint64_t from_sequence,
                                                   std::size_t limit) override;

 private:
  struct StoredResource {
    Bytes sealed;
    TimePoint created_at;
    TimePoint updated_at;
  };
  struct State {
    std::map<protocol::ResourcePath, StoredResource> resources;
    std::map<store::PolicyKind, store::PolicyRecord> policies;
    // name -> its values in order of addition
    std::map<std::string, std::vector<store::StoredReferenceValue>, std::less<>> references;
    std::vector<audit::AuditEntry> audit;
    std::optional<Bytes> key_check;
    std::map<std::string, store::NodeRecord, std::less<>> nodes;  // by name
    std::vector<store::WorkloadCaRecord> workload_cas;            // in ListWorkloadCas order
    std::vector<store::WorkloadCertificateRecord> workload_certificates;  // in issue order
  };
  // Applies `change` to a copy of the state, appends `event` to it, then commits the copy.
  template <class Change>
  Result<audit::AuditEntry> Mutate(const audit::AuditEvent& event, Change change);
  Status ConsumeReadFailure();  // with mutex_ held
  // The node whose EK / AK digest is `digest`, with mutex_ held (or on a copy of the state).
  static std::optional<store::NodeRecord> FindNode(const State& state, std::string_view digest,
                                                   bool by_ak);

  const Clock& clock_;
  std::mutex mutex_;
  State state_;
  std::size_t failing_audit_appends_ = 0;
  std::size_t failing_changes_ = 0;
  std::size_t failing_reads_ = 0;
};

}  // namespace veil::testing
