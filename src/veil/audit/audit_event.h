#pragma once
// AuditEvent: what a caller wants recorded (who did what to which subject, with details). The log
// turns it into an AuditEntry (audit_entry.h) by giving it a sequence number, a time and a hash.

#include <cstddef>
#include <nlohmann/json.hpp>
#include <string>

#include "veil/base/result.h"

namespace veil::audit {

struct AuditEvent {
  std::string actor;   // who: an admin key thumbprint, "tee:<identity>", ...
  std::string action;  // what: "resource.put", "policy.set", "resource.release", ...
  std::string
      subject;  // on what: a resource path, a policy kind, a reference value name (may be empty)
  nlohmann::json details = nlohmann::json::object();  // a JSON object; null counts as {}
};

inline constexpr std::size_t kMaxAuditFieldSize = 4096;          // actor, action, subject (bytes)
inline constexpr std::size_t kMaxAuditDetailsSize = 64u * 1024;  // serialized details (bytes)

// kInvalidArgument unless: actor and action are non-empty; action matches [a-z0-9_.-]+; no field
// holds an ASCII control character or exceeds kMaxAuditFieldSize; details is an object or null.
Status ValidateAuditEvent(const AuditEvent& event);

// The details exactly as the log records and hashes them: nlohmann::json::dump() (compact, object
// keys sorted bytewise, UTF-8 kept, invalid UTF-8 replaced by U+FFFD); null becomes "{}".
// kInvalidArgument when `details` is not an object or serializes to more than kMaxAuditDetailsSize.
Result<std::string> SerializeAuditDetails(const nlohmann::json& details);

}  // namespace veil::audit
