#include "veil/policy/document.h"

#include <set>

#include "veil/policy/yaml_document.h"

namespace veil::policy {
namespace {

using Json = nlohmann::json;

// Records the first syntax error of a JSON text; every other event is accepted and dropped.
class SyntaxErrorRecorder final : public nlohmann::json_sax<Json> {
 public:
  bool null() override { return true; }
  bool boolean(bool) override { return true; }
  bool number_integer(number_integer_t) override { return true; }
  bool number_unsigned(number_unsigned_t) override { return true; }
  bool number_float(number_float_t, const string_t&) override { return true; }
  bool string(string_t&) override { return true; }
  bool binary(binary_t&) override { return true; }
  bool start_object(std::size_t) override { return true; }
  bool key(string_t&) override { return true; }
  bool end_object() override { return true; }
  bool start_array(std::size_t) override { return true; }
  bool end_array() override { return true; }
  bool parse_error(std::size_t, const std::string&,
                   const nlohmann::detail::exception& error) override {
    message = error.what();
    return false;
  }

  std::string message;
};

std::string SyntaxError(std::string_view text) {
  SyntaxErrorRecorder recorder;
  Json::sax_parse(text, &recorder, nlohmann::detail::input_format_t::json, true);
  return recorder.message.empty() ? "not valid JSON" : recorder.message;
}

// nlohmann keeps the last of duplicate keys silently; a policy must not mean two things.
Result<Json> ParseJsonRejectingDuplicateKeys(std::string_view text) {
  std::vector<std::set<std::string>> open_objects;
  std::string duplicate;
  auto callback = [&](int, Json::parse_event_t event, Json& parsed) {
    if (event == Json::parse_event_t::object_start) open_objects.emplace_back();
    if (event == Json::parse_event_t::object_end && !open_objects.empty()) open_objects.pop_back();
    if (event == Json::parse_event_t::key && !open_objects.empty() && parsed.is_string()) {
      const auto& key = parsed.get_ref<const std::string&>();
      if (!open_objects.back().insert(key).second && duplicate.empty()) duplicate = key;
    }
    return true;
  };
  Json json = Json::parse(text, callback, /*allow_exceptions=*/false);
  if (json.is_discarded()) return Fail(Malformed("JSON: " + SyntaxError(text)));
  if (!duplicate.empty()) return Fail(Malformed("JSON: duplicate key \"" + duplicate + "\""));
  return json;
}

std::string JoinNames(std::initializer_list<std::string_view> names) {
  std::string joined;
  for (std::string_view name : names) {
    if (!joined.empty()) joined += ", ";
    joined += name;
  }
  return joined;
}

}  // namespace

Result<Json> ParseDocument(std::string_view text) {
  if (text.size() > kMaxDocumentSize) {
    return Fail(InvalidArgument("document of " + std::to_string(text.size()) +
                                " bytes; expected at most " + std::to_string(kMaxDocumentSize)));
  }
  const std::size_t first = text.find_first_not_of(" \t\r\n");
  if (first != std::string_view::npos && (text[first] == '{' || text[first] == '[')) {
    return ParseJsonRejectingDuplicateKeys(text);
  }
  return YamlToJson(text);
}

Status ExpectObjectWithKeys(const Json& value, std::initializer_list<std::string_view> allowed,
                            std::string_view where) {
  if (!value.is_object()) {
    return Fail(
        InvalidArgument(std::string(where) + ": expected an object, found " + Quoted(value)));
  }
  for (const auto& [key, unused] : value.items()) {
    bool known = false;
    for (std::string_view name : allowed) known = known || key == name;
    if (!known) {
      return Fail(InvalidArgument(std::string(where) + ": unknown key \"" + key +
                                  "\"; expected one of " + JoinNames(allowed)));
    }
  }
  return {};
}

Result<std::string> RequiredString(const Json& object, std::string_view key,
                                   std::string_view where) {
  auto it = object.find(std::string(key));
  if (it == object.end())
    return Fail(InvalidArgument(std::string(where) + ": missing \"" + std::string(key) + "\""));
  if (!it->is_string() || it->get_ref<const std::string&>().empty()) {
    return Fail(InvalidArgument(std::string(where) + "." + std::string(key) +
                                ": expected a non-empty string, found " + Quoted(*it)));
  }
  return it->get<std::string>();
}

Result<std::vector<std::string>> StringList(const Json& value, std::string_view where) {
  if (!value.is_array() || value.empty()) {
    return Fail(InvalidArgument(std::string(where) +
                                ": expected a non-empty list of strings, found " + Quoted(value)));
  }
  std::vector<std::string> strings;
  for (const Json& item : value) {
    if (!item.is_string() || item.get_ref<const std::string&>().empty()) {
      return Fail(InvalidArgument(std::string(where) + ": expected non-empty strings, found " +
                                  Quoted(item)));
    }
    strings.push_back(item.get<std::string>());
  }
  return strings;
}

std::string Quoted(const Json& value) {
  constexpr std::size_t kMaxShown = 80;
  std::string text = value.dump(-1, ' ', false, Json::error_handler_t::replace);
  if (text.size() > kMaxShown) text = text.substr(0, kMaxShown - 3) + "...";
  return text;
}

}  // namespace veil::policy
