#include "veil/json/member.h"

namespace veil::json {
namespace {

Error WrongType(std::string_view name, std::string_view expected, const nlohmann::json& found) {
  return Malformed("member \"" + std::string(name) + "\" must be " + std::string(expected) +
                   ", got " + found.type_name());
}

Error Missing(std::string_view name, std::string_view expected) {
  return Malformed("missing " + std::string(expected) + " member \"" + std::string(name) + "\"");
}

}  // namespace

const nlohmann::json* FindMember(const nlohmann::json& object, std::string_view name) {
  if (!object.is_object()) return nullptr;
  const auto found = object.find(std::string(name));
  return found == object.end() ? nullptr : &*found;
}

bool HasMember(const nlohmann::json& object, std::string_view name) {
  return FindMember(object, name) != nullptr;
}

Result<std::string> RequireString(const nlohmann::json& object, std::string_view name) {
  const nlohmann::json* member = FindMember(object, name);
  if (member == nullptr) return Fail(Missing(name, "string"));
  if (!member->is_string()) return Fail(WrongType(name, "a string", *member));
  return member->get_ref<const std::string&>();
}

Result<std::optional<std::string>> OptionalString(const nlohmann::json& object,
                                                  std::string_view name) {
  const nlohmann::json* member = FindMember(object, name);
  if (member == nullptr) return std::optional<std::string>();
  if (!member->is_string()) return Fail(WrongType(name, "a string", *member));
  return std::optional<std::string>(member->get_ref<const std::string&>());
}

Result<const nlohmann::json*> RequireObject(const nlohmann::json& object, std::string_view name) {
  const nlohmann::json* member = FindMember(object, name);
  if (member == nullptr) return Fail(Missing(name, "object"));
  if (!member->is_object()) return Fail(WrongType(name, "an object", *member));
  return member;
}

}  // namespace veil::json
