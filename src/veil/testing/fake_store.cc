#include "veil/testing/fake_store.h"

#include <algorithm>
#include <chrono>
#include <utility>

#include "veil/audit/chain_link.h"

namespace veil::testing {
namespace {

template <class T>
Result<T> InStoreContext(Result<T> result) {
  if (!result) return Fail(std::move(result).error().WithContext("store"));
  return result;
}

TimePoint WholeSeconds(TimePoint time) { return std::chrono::floor<std::chrono::seconds>(time); }

// Counts down an injected failure; true when this call is one of the failing ones.
bool Consume(std::size_t& remaining) {
  if (remaining == 0) return false;
  --remaining;
  return true;
}

}  // namespace

void FakeStore::FailAuditAppends(std::size_t count) {
  std::lock_guard lock(mutex_);
  failing_audit_appends_ = count;
}

void FakeStore::FailChanges(std::size_t count) {
  std::lock_guard lock(mutex_);
  failing_changes_ = count;
}

void FakeStore::FailReads(std::size_t count) {
  std::lock_guard lock(mutex_);
  failing_reads_ = count;
}

template <class Change>
Result<audit::AuditEntry> FakeStore::Mutate(const audit::AuditEvent& event, Change change) {
  VEIL_TRY(InStoreContext(audit::ValidateAuditEvent(event)));
  std::lock_guard lock(mutex_);
  const TimePoint now = WholeSeconds(clock_.Now());
  State next = state_;  // the "transaction": state_ changes only on commit below
  if (Consume(failing_changes_))
    return Fail(Unavailable("injected change failure").WithContext("store"));
  VEIL_TRY(InStoreContext(change(next, now)));
  if (Consume(failing_audit_appends_))
    return Fail(Unavailable("injected audit failure").WithContext("store"));
  const audit::ChainHead head =
      next.audit.empty() ? audit::GenesisHead() : audit::HeadOf(next.audit.back());
  VEIL_ASSIGN_OR_RETURN(audit::AuditEntry entry,
                        InStoreContext(audit::LinkAuditEntry(head, now, event)));
  next.audit.push_back(entry);
  state_ = std::move(next);
  return entry;
}

Status FakeStore::ConsumeReadFailure() {
  if (Consume(failing_reads_))
    return Fail(Unavailable("injected read failure").WithContext("store"));
  return {};
}

// --- resources -----------------------------------------------------------------------------------

Status FakeStore::PutResource(const protocol::ResourcePath& path, ByteSpan sealed,
                              const audit::AuditEvent& event) {
  if (sealed.empty()) {
    return Fail(InvalidArgument("resource " + path.str() + ": expected sealed bytes, got none")
                    .WithContext("store"));
  }
  VEIL_TRY(Mutate(event, [&](State& state, TimePoint now) -> Status {
    auto [it, inserted] = state.resources.try_emplace(path, StoredResource{{}, now, now});
    it->second.sealed = ToBytes(sealed);
    it->second.updated_at = now;
    return {};
  }));
  return {};
}

Status FakeStore::DeleteResource(const protocol::ResourcePath& path,
                                 const audit::AuditEvent& event) {
  VEIL_TRY(Mutate(event, [&](State& state, TimePoint) -> Status {
    if (state.resources.erase(path) == 0)
      return Fail(NotFound("resource " + path.str() + " does not exist"));
    return {};
  }));
  return {};
}

Result<std::optional<Bytes>> FakeStore::GetResource(const protocol::ResourcePath& path) {
  std::lock_guard lock(mutex_);
  VEIL_TRY(ConsumeReadFailure());
  const auto it = state_.resources.find(path);
  if (it == state_.resources.end()) return std::optional<Bytes>();
  return std::optional<Bytes>(it->second.sealed);
}

Result<std::vector<store::ResourceInfo>> FakeStore::ListResources() {
  std::lock_guard lock(mutex_);
  VEIL_TRY(ConsumeReadFailure());
  std::vector<store::ResourceInfo> listed;
  for (const auto& [path, resource] : state_.resources)
    listed.push_back({path, resource.created_at, resource.updated_at});
  return listed;
}

// --- policies ------------------------------------------------------------------------------------

Status FakeStore::PutPolicy(const store::Policy& policy, const audit::AuditEvent& event) {
  VEIL_TRY(InStoreContext(store::ValidatePolicy(policy)));
  VEIL_TRY(Mutate(event, [&](State& state, TimePoint now) -> Status {
    state.policies.insert_or_assign(policy.kind, store::PolicyRecord{policy, now});
    return {};
  }));
  return {};
}

Result<std::optional<store::PolicyRecord>> FakeStore::GetPolicy(store::PolicyKind kind) {
  std::lock_guard lock(mutex_);
  VEIL_TRY(ConsumeReadFailure());
  const auto it = state_.policies.find(kind);
  if (it == state_.policies.end()) return std::optional<store::PolicyRecord>();
  return std::optional<store::PolicyRecord>(it->second);
}

// --- reference values ----------------------------------------------------------------------------

namespace {

// The entry's values as stored rows dated `now`, its expiry in whole seconds.
std::vector<store::StoredReferenceValue> RowsOf(const ReferenceValue& reference, TimePoint now) {
  std::vector<store::StoredReferenceValue> rows;
  for (std::size_t i = 0; i < reference.values.size(); ++i) {
    rows.push_back(
        {reference.name, reference.values[i],
         reference.expires_at ? std::optional(WholeSeconds(*reference.expires_at)) : std::nullopt,
         reference.provenance, now, reference.KindOf(i), reference.scalar});
  }
  return rows;
}

void EraseValue(std::vector<store::StoredReferenceValue>& rows, std::string_view value) {
  std::erase_if(rows, [&](const store::StoredReferenceValue& row) { return row.value == value; });
}

}  // namespace

Status FakeStore::ReplaceReferenceValues(std::span<const ReferenceValue> references,
                                         const audit::AuditEvent& event) {
  VEIL_TRY(InStoreContext(store::ValidateReferenceValueEntries(references)));
  VEIL_TRY(Mutate(event, [&](State& state, TimePoint now) -> Status {
    for (const ReferenceValue& reference : references) state.references.erase(reference.name);
    for (const ReferenceValue& reference : references) {
      auto& rows = state.references[reference.name];
      for (auto& row : RowsOf(reference, now)) rows.push_back(std::move(row));
    }
    return {};
  }));
  return {};
}

Status FakeStore::AppendReferenceValue(const ReferenceValue& reference,
                                       const audit::AuditEvent& event) {
  VEIL_TRY(InStoreContext(store::ValidateReferenceValue(reference)));
  VEIL_TRY(Mutate(event, [&](State& state, TimePoint now) -> Status {
    auto& rows = state.references[reference.name];
    for (const std::string& value : reference.values) EraseValue(rows, value);
    for (auto& row : RowsOf(reference, now)) rows.push_back(std::move(row));
    if (rows.size() > store::kMaxReferenceValueCount) {
      return Fail(InvalidArgument("reference value " + reference.name + ": expected at most " +
                                  std::to_string(store::kMaxReferenceValueCount) + " values, got " +
                                  std::to_string(rows.size())));
    }
    return {};
  }));
  return {};
}

Status FakeStore::RemoveReferenceValues(std::string_view name, std::span<const std::string> values,
                                        const audit::AuditEvent& event) {
  VEIL_TRY(InStoreContext(store::ValidateReferenceValueName(name)));
  if (values.empty()) {
    return InStoreContext<void>(Fail(InvalidArgument("reference value " + std::string(name) +
                                                     ": expected values to remove, got none")));
  }
  VEIL_TRY(Mutate(event, [&](State& state, TimePoint) -> Status {
    const auto it = state.references.find(name);
    for (const std::string& value : values) {
      const bool has = it != state.references.end() &&
                       std::any_of(it->second.begin(), it->second.end(),
                                   [&](const auto& row) { return row.value == value; });
      if (!has) {
        return Fail(
            NotFound("reference value " + std::string(name) + " has no value \"" + value + "\""));
      }
      EraseValue(it->second, value);
    }
    if (it->second.empty()) state.references.erase(it);
    return {};
  }));
  return {};
}

Status FakeStore::DeleteReferenceValue(std::string_view name, const audit::AuditEvent& event) {
  VEIL_TRY(InStoreContext(store::ValidateReferenceValueName(name)));
  VEIL_TRY(Mutate(event, [&](State& state, TimePoint) -> Status {
    const auto it = state.references.find(name);
    if (it == state.references.end())
      return Fail(NotFound("reference value " + std::string(name) + " does not exist"));
    state.references.erase(it);
    return {};
  }));
  return {};
}

Result<std::vector<store::ReferenceValueRecord>> FakeStore::ListReferenceValues() {
  std::lock_guard lock(mutex_);
  VEIL_TRY(ConsumeReadFailure());
  std::vector<store::StoredReferenceValue> rows;
  for (const auto& [name, values] : state_.references)
    rows.insert(rows.end(), values.begin(), values.end());
  return store::GroupStoredReferenceValues(rows);
}

// --- nodes ---------------------------------------------------------------------------------------

std::optional<store::NodeRecord> FakeStore::FindNode(const State& state, std::string_view digest,
                                                     bool by_ak) {
  for (const auto& [name, record] : state.nodes) {
    if (by_ak ? record.ak_digest == digest : record.identity.ek_digest == digest) return record;
  }
  return std::nullopt;
}

namespace {

Status InsertNode(std::map<std::string, store::NodeRecord, std::less<>>& nodes,
                  const store::NodeIdentity& identity, TimePoint now) {
  if (nodes.contains(identity.name))
    return Fail(InvalidArgument("node " + identity.name + " exists already"));
  for (const auto& [name, record] : nodes) {
    if (record.identity.ek_digest == identity.ek_digest) {
      return Fail(
          InvalidArgument("EK " + identity.ek_digest + " belongs to node " + name + " already"));
    }
  }
  store::NodeRecord record;
  record.identity = identity;
  record.registered_at = now;
  nodes.emplace(identity.name, std::move(record));
  return {};
}

}  // namespace

Status FakeStore::RegisterNode(const store::NodeIdentity& identity,
                               const audit::AuditEvent& event) {
  VEIL_TRY(InStoreContext(store::ValidateNodeIdentity(identity)));
  VEIL_TRY(Mutate(
      event, [&](State& state, TimePoint now) { return InsertNode(state.nodes, identity, now); }));
  return {};
}

Status FakeStore::EnrolNode(const store::NodeIdentity& identity, std::string_view ak_digest,
                            const audit::AuditEvent& event) {
  VEIL_TRY(InStoreContext(store::ValidateNodeIdentity(identity)));
  VEIL_TRY(InStoreContext(store::ValidateSha256Hex("AK digest", ak_digest)));
  auto enrol = [&](State& state, TimePoint now) -> Status {
    const auto existing = FindNode(state, identity.ek_digest, false);
    if (!existing) VEIL_TRY(InsertNode(state.nodes, identity, now));
    const std::string name = existing ? existing->identity.name : identity.name;
    const auto holder = FindNode(state, ak_digest, true);
    if (holder && holder->identity.name != name) {
      return Fail(InvalidArgument("AK " + std::string(ak_digest) + " is bound to node " +
                                  holder->identity.name + " already"));
    }
    store::NodeRecord& record = state.nodes.at(name);
    record.state = store::NodeState::kEnrolled;
    record.ak_digest = std::string(ak_digest);
    record.enrolled_at = now;
    if (!identity.ek_certificate.empty()) record.identity.ek_certificate = identity.ek_certificate;
    return {};
  };
  VEIL_TRY(Mutate(event, enrol));
  return {};
}

Status FakeStore::DeleteNode(std::string_view name, const audit::AuditEvent& event) {
  VEIL_TRY(InStoreContext(store::ValidateNodeName(name)));
  VEIL_TRY(Mutate(event, [&](State& state, TimePoint) -> Status {
    const auto it = state.nodes.find(name);
    if (it == state.nodes.end())
      return Fail(NotFound("node " + std::string(name) + " does not exist"));
    state.nodes.erase(it);
    return {};
  }));
  return {};
}

Result<std::vector<store::NodeRecord>> FakeStore::ListNodes() {
  std::lock_guard lock(mutex_);
  VEIL_TRY(ConsumeReadFailure());
  std::vector<store::NodeRecord> nodes;
  for (const auto& [name, record] : state_.nodes) nodes.push_back(record);
  return nodes;
}

Result<std::optional<store::NodeRecord>> FakeStore::FindNodeByEk(std::string_view ek_digest) {
  std::lock_guard lock(mutex_);
  VEIL_TRY(ConsumeReadFailure());
  return FindNode(state_, ek_digest, false);
}

Result<std::optional<store::NodeRecord>> FakeStore::FindNodeByAk(std::string_view ak_digest) {
  std::lock_guard lock(mutex_);
  VEIL_TRY(ConsumeReadFailure());
  return FindNode(state_, ak_digest, true);
}

// --- key check -----------------------------------------------------------------------------------

Result<std::optional<Bytes>> FakeStore::GetKeyCheck() {
  std::lock_guard lock(mutex_);
  VEIL_TRY(ConsumeReadFailure());
  return state_.key_check;
}

Result<Bytes> FakeStore::InitKeyCheck(ByteSpan key_check) {
  if (key_check.empty())
    return Fail(InvalidArgument("key check: expected bytes, got none").WithContext("store"));
  std::lock_guard lock(mutex_);
  if (!state_.key_check) state_.key_check = ToBytes(key_check);
  return *state_.key_check;
}

Status FakeStore::ResealResources(ByteSpan expected_key_check, const Resealer& reseal,
                                  ByteSpan new_key_check, const audit::AuditEvent& event) {
  if (expected_key_check.empty() || new_key_check.empty()) {
    return Fail(InvalidArgument("key check: expected bytes for the old and the new key, got none")
                    .WithContext("store"));
  }
  VEIL_TRY(Mutate(event, [&](State& state, TimePoint) -> Status {
    if (!state.key_check || !std::ranges::equal(*state.key_check, expected_key_check)) {
      return Fail(VerificationFailed(
          "the stored key check value is not the expected one (another rotation ran first?)"));
    }
    for (auto& [path, resource] : state.resources) {
      VEIL_ASSIGN_OR_RETURN(resource.sealed, reseal(path.str(), resource.sealed));
      if (resource.sealed.empty())
        return Fail(
            InvalidArgument("resource " + path.str() + ": expected sealed bytes, got none"));
    }
    for (store::WorkloadCaRecord& ca : state.workload_cas) {
      VEIL_ASSIGN_OR_RETURN(ca.sealed_key,
                            reseal(store::WorkloadCaKeySealedFor(ca.id), ca.sealed_key));
      if (ca.sealed_key.empty())
        return Fail(InvalidArgument("workload CA " + ca.id + ": expected a sealed key, got none"));
    }
    state.key_check = ToBytes(new_key_check);
    return {};
  }));
  return {};
}

// --- workload CA ---------------------------------------------------------------------------------

Result<std::vector<store::WorkloadCaRecord>> FakeStore::ListWorkloadCas() {
  std::lock_guard lock(mutex_);
  VEIL_TRY(ConsumeReadFailure());
  return state_.workload_cas;
}

Result<store::WorkloadCaRecord> FakeStore::InitWorkloadCa(const store::WorkloadCaRecord& ca,
                                                          const audit::AuditEvent& event) {
  VEIL_TRY(InStoreContext(store::ValidateWorkloadCa(ca)));
  {
    std::lock_guard lock(mutex_);
    if (!state_.workload_cas.empty() && !state_.workload_cas.front().retired_at)
      return state_.workload_cas.front();
  }
  VEIL_TRY(Mutate(event, [&](State& state, TimePoint now) -> Status {
    store::WorkloadCaRecord added = ca;
    added.created_at = now;
    added.retired_at.reset();
    added.published_until.reset();
    state.workload_cas.insert(state.workload_cas.begin(), std::move(added));
    return {};
  }));
  std::lock_guard lock(mutex_);
  return state_.workload_cas.front();
}

Status FakeStore::RotateWorkloadCa(std::string_view expected_current_id,
                                   TimePoint old_published_until,
                                   const store::WorkloadCaRecord& next,
                                   const audit::AuditEvent& event) {
  VEIL_TRY(InStoreContext(store::ValidateWorkloadCa(next)));
  VEIL_TRY(Mutate(event, [&](State& state, TimePoint now) -> Status {
    const bool current = !state.workload_cas.empty() && !state.workload_cas.front().retired_at;
    if (!current || state.workload_cas.front().id != expected_current_id) {
      return Fail(
          VerificationFailed("workload CA: expected " + std::string(expected_current_id) +
                             " to be the current CA, found " +
                             (current ? state.workload_cas.front().id : std::string("none")) +
                             " (another rotation ran first?)"));
    }
    state.workload_cas.front().retired_at = now;
    state.workload_cas.front().published_until = WholeSeconds(old_published_until);
    store::WorkloadCaRecord added = next;
    added.created_at = now;
    added.retired_at.reset();
    added.published_until.reset();
    state.workload_cas.insert(state.workload_cas.begin(), std::move(added));
    return {};
  }));
  return {};
}

Status FakeStore::AddWorkloadCertificate(const store::WorkloadCertificateRecord& certificate,
                                         const audit::AuditEvent& event) {
  VEIL_TRY(InStoreContext(store::ValidateWorkloadCertificate(certificate)));
  VEIL_TRY(Mutate(event, [&](State& state, TimePoint now) -> Status {
    for (const auto& issued : state.workload_certificates) {
      if (issued.serial == certificate.serial)
        return Fail(InvalidArgument("serial " + certificate.serial + " is taken already"));
    }
    if (std::ranges::none_of(state.workload_cas,
                             [&](const auto& ca) { return ca.id == certificate.ca_id; }))
      return Fail(InvalidArgument("no workload CA " + certificate.ca_id));
    store::WorkloadCertificateRecord added = certificate;
    added.issued_at = now;
    added.not_before = WholeSeconds(added.not_before);
    added.not_after = WholeSeconds(added.not_after);
    added.revoked_at.reset();
    added.revocation_reason.reset();
    // Ordered by issue time, then serial, as the databases list them.
    const auto at = std::ranges::find_if(state.workload_certificates, [&](const auto& issued) {
      return issued.issued_at > now || (issued.issued_at == now && issued.serial > added.serial);
    });
    state.workload_certificates.insert(at, std::move(added));
    return {};
  }));
  return {};
}

Result<std::optional<store::WorkloadCertificateRecord>> FakeStore::GetWorkloadCertificate(
    std::string_view serial) {
  std::lock_guard lock(mutex_);
  VEIL_TRY(ConsumeReadFailure());
  for (const auto& issued : state_.workload_certificates)
    if (issued.serial == serial) return std::optional(issued);
  return std::optional<store::WorkloadCertificateRecord>();
}

Result<std::vector<store::WorkloadCertificateRecord>> FakeStore::ListWorkloadCertificates() {
  std::lock_guard lock(mutex_);
  VEIL_TRY(ConsumeReadFailure());
  return state_.workload_certificates;
}

Result<std::optional<store::WorkloadCertificateRecord>>
FakeStore::FindWorkloadCertificateByAttestation(std::string_view attestation_digest) {
  std::lock_guard lock(mutex_);
  VEIL_TRY(ConsumeReadFailure());
  std::optional<store::WorkloadCertificateRecord> last;
  for (const auto& issued : state_.workload_certificates)
    if (issued.attestation_digest == attestation_digest) last = issued;
  return last;
}

Result<std::vector<std::string>> FakeStore::RevokeWorkloadCertificates(
    const store::WorkloadRevocation& revocation, const audit::AuditEvent& event) {
  VEIL_TRY(InStoreContext(store::ValidateWorkloadRevocation(revocation)));
  // The entry names the serials the change revoked: Mutate appends `recorded` after the change.
  audit::AuditEvent recorded = event;
  std::vector<std::string> revoked;
  VEIL_TRY(Mutate(recorded, [&](State& state, TimePoint now) -> Status {
    bool matched = false;
    for (auto& issued : state.workload_certificates) {
      const bool match = revocation.serial ? issued.serial == *revocation.serial
                                           : issued.tee_identity == *revocation.tee_identity;
      if (!match) continue;
      matched = true;
      if (issued.revoked_at) continue;
      issued.revoked_at = now;
      issued.revocation_reason = revocation.reason;
      revoked.push_back(issued.serial);
    }
    if (!matched) {
      return Fail(NotFound(revocation.serial
                               ? "no certificate has serial " + *revocation.serial
                               : "no certificate was issued to " + *revocation.tee_identity));
    }
    recorded.details["serials"] = revoked;
    return {};
  }));
  return revoked;
}

// --- audit ---------------------------------------------------------------------------------------

Result<audit::AuditEntry> FakeStore::AppendAudit(const audit::AuditEvent& event) {
  return Mutate(event, [](State&, TimePoint) { return Status(); });
}

Result<std::vector<audit::AuditEntry>> FakeStore::ReadAudit(std::uint64_t from_sequence,
                                                            std::size_t limit) {
  std::lock_guard lock(mutex_);
  VEIL_TRY(ConsumeReadFailure());
  std::vector<audit::AuditEntry> page;
  for (const audit::AuditEntry& entry : state_.audit) {
    if (page.size() == limit) break;
    if (entry.sequence >= from_sequence) page.push_back(entry);
  }
  return page;
}

}  // namespace veil::testing
