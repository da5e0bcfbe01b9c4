#include "veil/json/parse.h"

#include <set>
#include <string>
#include <vector>

#include "veil/base/log_safe.h"

namespace veil::json {
namespace {

using nlohmann::json;

// Tracks the member names of every open object so that a repeated name is noticed; nlohmann
// would otherwise keep the last value silently.
class StrictnessCheck {
 public:
  bool operator()(int depth, json::parse_event_t event, json& parsed) {
    if (!problem_.empty()) return false;
    switch (event) {
      case json::parse_event_t::object_start:
      case json::parse_event_t::array_start:
        if (depth >= kMaxJsonDepth)
          problem_ = "nesting deeper than " + std::to_string(kMaxJsonDepth) + " levels";
        if (event == json::parse_event_t::object_start) open_objects_.emplace_back();
        break;
      case json::parse_event_t::object_end:
        if (!open_objects_.empty()) open_objects_.pop_back();
        break;
      case json::parse_event_t::key: {
        const std::string& name = parsed.get_ref<const std::string&>();
        if (!open_objects_.empty() && !open_objects_.back().insert(name).second) {
          problem_ = "duplicate member name \"" + LogSafe(name, 64) + "\"";
        }
        break;
      }
      default:
        break;
    }
    return problem_.empty();
  }

  const std::string& problem() const { return problem_; }

 private:
  std::vector<std::set<std::string>> open_objects_;
  std::string problem_;
};

}  // namespace

Result<nlohmann::json> ParseJson(std::string_view text) {
  StrictnessCheck check;
  // The callback is copied into the parser; a reference wrapper keeps the state observable.
  json value = json::parse(
      text.begin(), text.end(),
      [&check](int depth, json::parse_event_t event, json& parsed) {
        return check(depth, event, parsed);
      },
      /*allow_exceptions=*/false);
  if (!check.problem().empty()) return Fail(Malformed("invalid JSON: " + check.problem()));
  if (value.is_discarded()) return Fail(Malformed("invalid JSON text"));
  return value;
}

Result<nlohmann::json> ParseJsonObject(std::string_view text, std::string_view what) {
  VEIL_ASSIGN_OR_RETURN(nlohmann::json value, ParseJson(text));
  if (!value.is_object()) {
    return Fail(
        Malformed(std::string(what) + " is not a JSON object (got " + value.type_name() + ")"));
  }
  return value;
}

}  // namespace veil::json
