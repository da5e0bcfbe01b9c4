#pragma once
// Values the store tests (the contract suite and the SQLite backend's own) build their cases from.

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "veil/audit/audit_event.h"
#include "veil/base/rfc3339.h"
#include "veil/protocol/resource_path.h"

namespace veil::store::test_values {

inline const TimePoint kT0 = ParseRfc3339("2025-06-01T10:00:00Z").value();

inline protocol::ResourcePath Path(std::string_view text) {
  return protocol::ResourcePath::Parse(text).value();
}

inline audit::AuditEvent Event(std::string action, std::string subject) {
  return {"admin:3f1a", std::move(action), std::move(subject), nlohmann::json{{"request", "r1"}}};
}

}  // namespace veil::store::test_values
