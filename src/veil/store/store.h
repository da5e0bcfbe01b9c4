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
#include <optional>
#include <string_view>
#include <vector>

#include "veil/audit/audit_entry.h"
#include "veil/audit/audit_event.h"
#include "veil/base/bytes.h"
#include "veil/base/result.h"
#include "veil/protocol/resource_path.h"
#include "veil/store/policy.h"
#include "veil/store/reference_value.h"

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

  // Replaces the whole set of accepted values for `reference.name`.
  virtual Status PutReferenceValue(const ReferenceValue& reference,
                                   const audit::AuditEvent& event) = 0;
  virtual Status DeleteReferenceValue(std::string_view name, const audit::AuditEvent& event) = 0;
  virtual Result<std::vector<ReferenceValueRecord>> ListReferenceValues() = 0;  // ordered by name

  // Records an event that changes nothing else (e.g. "resource.release") and returns its entry.
  virtual Result<audit::AuditEntry> AppendAudit(const audit::AuditEvent& event) = 0;
  // Up to `limit` entries with sequence >= from_sequence, in sequence order.
  virtual Result<std::vector<audit::AuditEntry>> ReadAudit(std::uint64_t from_sequence,
                                                           std::size_t limit) = 0;
};

// The whole audit log, read page by page through ReadAudit (for `veil audit verify`).
Result<std::vector<audit::AuditEntry>> ReadAllAudit(Store& store, std::size_t page_size = 1000);

}  // namespace veil::store
