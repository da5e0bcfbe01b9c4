#include "veil/endorsement/intel/pcs_json.h"

#include "veil/base/hex.h"
#include "veil/base/rfc3339.h"
#include "veil/json/member.h"

namespace veil::endorsement::intel {
namespace {

Error In(std::string_view where, Error error) {
  error.message = std::string(where) + ": " + error.message;
  return error;
}

}  // namespace

Result<std::string> StringMember(const nlohmann::json& object, std::string_view name,
                                 std::string_view where) {
  auto text = json::RequireString(object, name);
  if (!text) return Fail(In(where, std::move(text).error()));
  return *std::move(text);
}

Result<Bytes> HexMember(const nlohmann::json& object, std::string_view name, std::size_t size,
                        std::string_view where) {
  VEIL_ASSIGN_OR_RETURN(const std::string text, StringMember(object, name, where));
  auto bytes = HexDecode(text);
  if (!bytes || bytes->size() != size) {
    return Fail(In(where, Malformed("\"" + std::string(name) + "\" must be " +
                                    std::to_string(size) + " bytes of hex")));
  }
  return *std::move(bytes);
}

Result<TimePoint> DateMember(const nlohmann::json& object, std::string_view name,
                             std::string_view where) {
  VEIL_ASSIGN_OR_RETURN(const std::string text, StringMember(object, name, where));
  auto date = ParseRfc3339(text);
  if (!date) {
    return Fail(In(where, Malformed("\"" + std::string(name) + "\" is not an RFC 3339 date")));
  }
  return *date;
}

Result<std::uint64_t> UnsignedMember(const nlohmann::json& object, std::string_view name,
                                     std::uint64_t max, std::string_view where) {
  const nlohmann::json* member = json::FindMember(object, name);
  if (member == nullptr || !member->is_number_unsigned()) {
    return Fail(In(where, Malformed("\"" + std::string(name) + "\" must be an unsigned integer")));
  }
  const auto value = member->get<std::uint64_t>();
  if (value > max) {
    return Fail(In(where, Malformed("\"" + std::string(name) + "\" = " + std::to_string(value) +
                                    " exceeds " + std::to_string(max))));
  }
  return value;
}

Result<const nlohmann::json*> ArrayMember(const nlohmann::json& object, std::string_view name,
                                          std::string_view where) {
  const nlohmann::json* member = json::FindMember(object, name);
  if (member == nullptr || !member->is_array()) {
    return Fail(In(where, Malformed("\"" + std::string(name) + "\" must be an array")));
  }
  return member;
}

Result<const nlohmann::json*> ObjectMember(const nlohmann::json& object, std::string_view name,
                                           std::string_view where) {
  auto member = json::RequireObject(object, name);
  if (!member) return Fail(In(where, std::move(member).error()));
  return *member;
}

Result<TcbStatus> StatusMember(const nlohmann::json& object, std::string_view where) {
  VEIL_ASSIGN_OR_RETURN(const std::string text, StringMember(object, "tcbStatus", where));
  auto status = ParseTcbStatus(text);
  if (!status) return Fail(In(where, std::move(status).error()));
  return *status;
}

Result<std::vector<std::string>> AdvisoryIdsMember(const nlohmann::json& object,
                                                   std::string_view where) {
  std::vector<std::string> ids;
  const nlohmann::json* member = json::FindMember(object, "advisoryIDs");
  if (member == nullptr) return ids;
  if (!member->is_array()) return Fail(In(where, Malformed("\"advisoryIDs\" must be an array")));
  for (const nlohmann::json& id : *member) {
    if (!id.is_string()) {
      return Fail(In(where, Malformed("\"advisoryIDs\" must hold only strings")));
    }
    ids.push_back(id.get<std::string>());
  }
  return ids;
}

Result<std::vector<IsvsvnLevel>> IsvsvnLevelsMember(const nlohmann::json& object,
                                                    std::string_view where) {
  VEIL_ASSIGN_OR_RETURN(const nlohmann::json* levels, ArrayMember(object, "tcbLevels", where));
  if (levels->empty()) return Fail(In(where, Malformed("\"tcbLevels\" is empty")));
  std::vector<IsvsvnLevel> out;
  for (std::size_t i = 0; i < levels->size(); ++i) {
    const std::string at = std::string(where) + ".tcbLevels[" + std::to_string(i) + "]";
    const nlohmann::json& level = (*levels)[i];
    VEIL_ASSIGN_OR_RETURN(const nlohmann::json* tcb, ObjectMember(level, "tcb", at));
    IsvsvnLevel parsed;
    VEIL_ASSIGN_OR_RETURN(const std::uint64_t isvsvn,
                          UnsignedMember(*tcb, "isvsvn", 0xffff, at + ".tcb"));
    parsed.isvsvn = static_cast<std::uint16_t>(isvsvn);
    VEIL_ASSIGN_OR_RETURN(parsed.tcb_date, DateMember(level, "tcbDate", at));
    VEIL_ASSIGN_OR_RETURN(parsed.status, StatusMember(level, at));
    VEIL_ASSIGN_OR_RETURN(parsed.advisory_ids, AdvisoryIdsMember(level, at));
    out.push_back(std::move(parsed));
  }
  return out;
}

}  // namespace veil::endorsement::intel
