#include "veil/admin_client/audit_entries.h"

#include "veil/base/hex.h"
#include "veil/base/rfc3339.h"
#include "veil/json/member.h"

namespace veil::admin_client {
namespace {

Result<audit::AuditEntry> EntryFromJson(const nlohmann::json& item) {
  audit::AuditEntry entry;
  const nlohmann::json* sequence = json::FindMember(item, "sequence");
  if (sequence == nullptr || !sequence->is_number_unsigned()) {
    return Fail(Malformed("audit entry without an unsigned \"sequence\""));
  }
  entry.sequence = sequence->get<std::uint64_t>();
  VEIL_ASSIGN_OR_RETURN(std::string time, json::RequireString(item, "time"));
  VEIL_ASSIGN_OR_RETURN(entry.time, ParseRfc3339(time));
  VEIL_ASSIGN_OR_RETURN(entry.actor, json::RequireString(item, "actor"));
  VEIL_ASSIGN_OR_RETURN(entry.action, json::RequireString(item, "action"));
  VEIL_ASSIGN_OR_RETURN(entry.subject, json::RequireString(item, "subject"));
  VEIL_ASSIGN_OR_RETURN(entry.details, json::RequireString(item, "details"));
  VEIL_ASSIGN_OR_RETURN(std::string previous, json::RequireString(item, "previous_hash"));
  VEIL_ASSIGN_OR_RETURN(entry.previous_hash, HexDecode(previous));
  VEIL_ASSIGN_OR_RETURN(std::string hash, json::RequireString(item, "hash"));
  VEIL_ASSIGN_OR_RETURN(entry.hash, HexDecode(hash));
  return entry;
}

}  // namespace

Result<std::vector<audit::AuditEntry>> AuditEntriesFromJson(const nlohmann::json& page) {
  const nlohmann::json* entries = json::FindMember(page, "entries");
  if (entries == nullptr || !entries->is_array())
    return Fail(Malformed("audit page without an \"entries\" array"));
  std::vector<audit::AuditEntry> out;
  for (const nlohmann::json& item : *entries) {
    VEIL_ASSIGN_OR_RETURN(audit::AuditEntry entry, EntryFromJson(item));
    out.push_back(std::move(entry));
  }
  return out;
}

}  // namespace veil::admin_client
