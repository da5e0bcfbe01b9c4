#include "veil/audit/audit_event.h"

#include <algorithm>
#include <string_view>

namespace veil::audit {
namespace {

bool IsActionCharacter(char c) {
  return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '.' || c == '-';
}

bool IsControlCharacter(char c) {
  const auto byte = static_cast<unsigned char>(c);
  return byte < 0x20 || byte == 0x7f;
}

Status CheckField(std::string_view name, std::string_view value, bool required) {
  if (required && value.empty())
    return Fail(InvalidArgument("audit event " + std::string(name) + " must not be empty"));
  if (value.size() > kMaxAuditFieldSize) {
    return Fail(InvalidArgument("audit event " + std::string(name) + ": expected at most " +
                                std::to_string(kMaxAuditFieldSize) + " bytes, got " +
                                std::to_string(value.size())));
  }
  if (std::any_of(value.begin(), value.end(), IsControlCharacter)) {
    return Fail(InvalidArgument("audit event " + std::string(name) +
                                " must not contain control characters"));
  }
  return {};
}

Status CheckDetailsType(const nlohmann::json& details) {
  if (details.is_null() || details.is_object()) return {};
  return Fail(InvalidArgument(std::string("audit event details: expected a JSON object, got ") +
                              details.type_name()));
}

}  // namespace

Status ValidateAuditEvent(const AuditEvent& event) {
  VEIL_TRY(CheckField("actor", event.actor, true));
  VEIL_TRY(CheckField("action", event.action, true));
  VEIL_TRY(CheckField("subject", event.subject, false));
  if (!std::all_of(event.action.begin(), event.action.end(), IsActionCharacter)) {
    return Fail(
        InvalidArgument("audit event action: expected [a-z0-9_.-]+, got \"" + event.action + "\""));
  }
  return CheckDetailsType(event.details);
}

Result<std::string> SerializeAuditDetails(const nlohmann::json& details) {
  VEIL_TRY(CheckDetailsType(details));
  if (details.is_null()) return std::string("{}");
  // The replace handler makes dump() total (the strict default throws on invalid UTF-8).
  std::string text = details.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  if (text.size() > kMaxAuditDetailsSize) {
    return Fail(InvalidArgument("audit event details: expected at most " +
                                std::to_string(kMaxAuditDetailsSize) + " bytes serialized, got " +
                                std::to_string(text.size())));
  }
  return text;
}

}  // namespace veil::audit
