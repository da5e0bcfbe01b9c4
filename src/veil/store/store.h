#pragma once
// Store: everything veil-trustee persists, behind one interface with no SQL in it.
//
// Contract for every implementation:
// - Thread-safe: any method may be called from any thread, and several processes may share the
//   same database.
// - Every mutation takes the AuditEvent that records it and appends that entry in the SAME
//   transaction as the change: either both are durable or neither is. A mutation refused before it
//   changes anything (invalid input, kNotFound) appends nothing.
// - Audit entries are linked with audit::LinkAuditEntry from the head read inside the write
//   transaction, so concurrent writers cannot fork the chain.
// - Times (record times, audit times, expiries) are whole seconds from the injected Clock.
// - Errors: kInvalidArgument for input the value types' Validate* functions refuse (or an invalid
//   AuditEvent), kNotFound for deleting something absent, kUnavailable when the database cannot be
//   reached or stays locked, kMalformed when stored data does not decode, kInternal otherwise.

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "veil/audit/audit_entry.h"
#include "veil/audit/audit_event.h"
#include "veil/base/bytes.h"
#include "veil/base/result.h"
#include "veil/protocol/resource_path.h"
#include "veil/store/node.h"
#include "veil/store/policy.h"
#include "veil/store/reference_value.h"
#include "veil/store/workload_ca.h"

namespace veil::store {

struct ResourceInfo {
  protocol::ResourcePath path;
  TimePoint created_at;
  TimePoint updated_at;
};

class Store {
 public:
  virtual ~Store() = default;

  // Creates or replaces the sealed (already encrypted) bytes at `path`; empty bytes are refused.
  virtual Status PutResource(const protocol::ResourcePath& path, ByteSpan sealed,
                             const audit::AuditEvent& event) = 0;
  virtual Status DeleteResource(const protocol::ResourcePath& path,
                                const audit::AuditEvent& event) = 0;
  virtual Result<std::optional<Bytes>> GetResource(const protocol::ResourcePath& path) = 0;
  virtual Result<std::vector<ResourceInfo>> ListResources() = 0;  // ordered by path

  // Replaces the current policy of `policy.kind`.
  virtual Status PutPolicy(const Policy& policy, const audit::AuditEvent& event) = 0;
  virtual Result<std::optional<PolicyRecord>> GetPolicy(PolicyKind kind) = 0;

  // Reference values: each value of a name has its own expiry and provenance, so a name can
  // accept an old and a new image (or key) at once and rotate without a window.
  //
  // For every name that an entry of `references` has, replaces all its values with those of the
  // entries that have it; names no entry has are left alone. All or nothing; kInvalidArgument for
  // what ValidateReferenceValueEntries refuses.
  virtual Status ReplaceReferenceValues(std::span<const ReferenceValue> references,
                                        const audit::AuditEvent& event) = 0;
  // Replaces every value of `reference.name` with the values of `reference`.
  Status PutReferenceValue(const ReferenceValue& reference, const audit::AuditEvent& event) {
    return ReplaceReferenceValues(std::span(&reference, 1), event);
  }
  // Adds the values of `reference` to those of its name, each with the entry's expiry and
  // provenance, after the values it has; a value the name already has takes the new expiry and
  // provenance and moves last. kInvalidArgument, changing nothing, when the name would then have
  // more than kMaxReferenceValueCount values.
  virtual Status AppendReferenceValue(const ReferenceValue& reference,
                                      const audit::AuditEvent& event) = 0;
  // Removes `values` (at least one) from those of `name`; a name loses its last value and is
  // gone. kNotFound, removing nothing, when the name lacks any of them.
  virtual Status RemoveReferenceValues(std::string_view name, std::span<const std::string> values,
                                       const audit::AuditEvent& event) = 0;
  // Removes `name` with all its values; kNotFound when it has none.
  virtual Status DeleteReferenceValue(std::string_view name, const audit::AuditEvent& event) = 0;
  // Every entry (GroupStoredReferenceValues), ordered by name, then by when its values were added.
  virtual Result<std::vector<ReferenceValueRecord>> ListReferenceValues() = 0;

  // Nodes (node.h), ordered by name when listed. A node's name, its EK digest and its AK digest
  // each belong to at most one node.
  //
  // Adds a node in state registered; kInvalidArgument, changing nothing, for what
  // ValidateNodeIdentity refuses or when the name or the EK belongs to a node already.
  virtual Status RegisterNode(const NodeIdentity& identity, const audit::AuditEvent& event) = 0;
  // Binds `ak_digest` to the node whose EK is `identity.ek_digest` and marks it enrolled (a new
  // AK replaces the one bound before; a certificate in `identity` replaces the stored one); when
  // no node has that EK, adds one as `identity` first. kInvalidArgument, changing nothing, when
  // the EK is new and its name belongs to another node, or when the AK is bound to another node.
  virtual Status EnrolNode(const NodeIdentity& identity, std::string_view ak_digest,
                           const audit::AuditEvent& event) = 0;
  // Removes the node `name` and with it the trust in its AK; kNotFound when there is none.
  virtual Status DeleteNode(std::string_view name, const audit::AuditEvent& event) = 0;
  virtual Result<std::vector<NodeRecord>> ListNodes() = 0;
  // The node with that EK digest / that AK bound; nullopt when none.
  virtual Result<std::optional<NodeRecord>> FindNodeByEk(std::string_view ek_digest) = 0;
  virtual Result<std::optional<NodeRecord>> FindNodeByAk(std::string_view ak_digest) = 0;

  // The key check value: an opaque value made from the key-encryption key that sealed the stored
  // resources (trustee/key_check.h), kept in the store so every trustee sharing it can tell at
  // start whether it holds that key. Not secret. Setting the first value is not audited (it
  // changes no secret, like the schema version); replacing it happens only in ResealResources.
  //
  // The stored value; nullopt when none was stored yet.
  virtual Result<std::optional<Bytes>> GetKeyCheck() = 0;
  // Stores `key_check` when no value is stored and returns the value stored afterwards (so of two
  // trustees starting at once on a new store, both get the first one's). kInvalidArgument for
  // empty bytes.
  virtual Result<Bytes> InitKeyCheck(ByteSpan key_check) = 0;

  // Given what a secret was sealed for (a resource's path, or WorkloadCaKeySealedFor(id) for a
  // workload CA key) and its sealed bytes, the sealed bytes that replace them.
  using Resealer = std::function<Result<Bytes>(std::string_view sealed_for, ByteSpan)>;
  // Key-encryption key rotation, all or nothing in one transaction: requires the stored key check
  // to equal `expected_key_check` (kVerificationFailed, changing nothing, otherwise: another
  // rotation ran first), replaces every resource's and every workload CA key's sealed bytes with
  // what `reseal` returns (creation and update times unchanged), stores `new_key_check` and
  // appends `event`. When
  // `reseal` fails for any resource, or the process dies half way, nothing has changed.
  virtual Status ResealResources(ByteSpan expected_key_check, const Resealer& reseal,
                                 ByteSpan new_key_check, const audit::AuditEvent& event) = 0;

  // The workload CA (workload_ca.h). Its CAs, the current one first, then the retired ones,
  // newest first.
  virtual Result<std::vector<WorkloadCaRecord>> ListWorkloadCas() = 0;
  // Adds `ca` as the current CA and appends `event` when the store has no current CA; returns the
  // current CA afterwards (so of two trustees starting at once on a new store, both get the first
  // one's, and only its creation is audited). kInvalidArgument for what ValidateWorkloadCa refuses.
  virtual Result<WorkloadCaRecord> InitWorkloadCa(const WorkloadCaRecord& ca,
                                                  const audit::AuditEvent& event) = 0;
  // CA rotation, in one transaction: requires the current CA to be `expected_current_id`
  // (kVerificationFailed, changing nothing, otherwise: another rotation ran first), retires it now
  // with `old_published_until`, adds `next` as the current CA and appends `event`.
  virtual Status RotateWorkloadCa(std::string_view expected_current_id,
                                  TimePoint old_published_until, const WorkloadCaRecord& next,
                                  const audit::AuditEvent& event) = 0;
  // Records an issued certificate (its issued_at is now) with its audit entry. kInvalidArgument,
  // adding nothing, for what ValidateWorkloadCertificate refuses, a serial taken already (draw
  // another) or a CA the store does not hold.
  virtual Status AddWorkloadCertificate(const WorkloadCertificateRecord& certificate,
                                        const audit::AuditEvent& event) = 0;
  virtual Result<std::optional<WorkloadCertificateRecord>> GetWorkloadCertificate(
      std::string_view serial) = 0;
  // Every issued certificate, ordered by issue time, then serial.
  virtual Result<std::vector<WorkloadCertificateRecord>> ListWorkloadCertificates() = 0;
  // The certificate issued last for the attestation whose digest is `attestation_digest`.
  virtual Result<std::optional<WorkloadCertificateRecord>> FindWorkloadCertificateByAttestation(
      std::string_view attestation_digest) = 0;
  // Revokes, now and for `revocation.reason`, the certificate `revocation.serial` or every
  // certificate of `revocation.tee_identity` that is not revoked already (a revoked one keeps its
  // first time and reason), and appends `event` with details "serials" (those revoked) added.
  // Returns the serials revoked, in order. kNotFound, changing nothing, when no certificate has
  // that serial / that identity; kInvalidArgument for what ValidateWorkloadRevocation refuses.
  virtual Result<std::vector<std::string>> RevokeWorkloadCertificates(
      const WorkloadRevocation& revocation, const audit::AuditEvent& event) = 0;

  // Records an event that changes nothing else (e.g. "resource.release") and returns its entry.
  virtual Result<audit::AuditEntry> AppendAudit(const audit::AuditEvent& event) = 0;
  // Up to `limit` entries with sequence >= from_sequence, in sequence order.
  virtual Result<std::vector<audit::AuditEntry>> ReadAudit(std::uint64_t from_sequence,
                                                           std::size_t limit) = 0;
};

// The whole audit log, read page by page through ReadAudit (for `veil audit verify`).
Result<std::vector<audit::AuditEntry>> ReadAllAudit(Store& store, std::size_t page_size = 1000);

}  // namespace veil::store
