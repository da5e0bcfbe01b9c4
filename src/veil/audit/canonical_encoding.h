#pragma once
// The canonical bytes of an audit entry, the input of its hash. Layout (docs/formats/audit_log.md):
//   field("veil.audit.v1") || u64be(sequence) || field(RFC 3339 time, UTC, whole seconds)
//   || field(actor) || field(action) || field(subject) || field(details)
// where field(x) = u32be(byte length of x) || x. previous_hash and hash are not part of it.

#include <string_view>

#include "veil/audit/audit_entry.h"
#include "veil/base/result.h"

namespace veil::audit {

inline constexpr std::string_view kAuditEncodingTag = "veil.audit.v1";

// kInvalidArgument only when a field is longer than 2^32 - 1 bytes (it has no encoding).
Result<Bytes> CanonicalAuditBytes(const AuditEntry& entry);

}  // namespace veil::audit
