#include "veil/policy/claim_value.h"

#include <algorithm>
#include <charconv>

namespace veil::policy {
namespace {

bool IsHexDigit(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

bool IsHex(std::string_view text) {
  if (text.size() > 2 && text[0] == '0' && (text[1] == 'x' || text[1] == 'X'))
    text.remove_prefix(2);
  return !text.empty() && std::all_of(text.begin(), text.end(), IsHexDigit);
}

char Lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

const nlohmann::json* Child(const nlohmann::json& node, std::string_view segment) {
  if (node.is_object()) {
    auto it = node.find(std::string(segment));
    return it == node.end() ? nullptr : &*it;
  }
  if (node.is_array()) {
    std::size_t index = 0;
    const char* end = segment.data() + segment.size();
    auto [ptr, ec] = std::from_chars(segment.data(), end, index);
    if (ec != std::errc() || ptr != end || segment.empty() || index >= node.size()) return nullptr;
    return &node[index];
  }
  return nullptr;
}

}  // namespace

const nlohmann::json* FindClaim(const nlohmann::json& root, std::string_view path) {
  if (path.empty()) return nullptr;
  const nlohmann::json* node = &root;
  while (node != nullptr) {
    const std::size_t dot = path.find('.');
    node = Child(*node, path.substr(0, dot));
    if (dot == std::string_view::npos) break;
    path.remove_prefix(dot + 1);
  }
  return node;
}

std::optional<std::string> CanonicalText(const nlohmann::json& value) {
  if (value.is_string()) return value.get<std::string>();
  if (value.is_boolean()) return value.get<bool>() ? "true" : "false";
  if (value.is_null()) return "null";
  if (value.is_number_unsigned()) return std::to_string(value.get<std::uint64_t>());
  if (value.is_number_integer()) return std::to_string(value.get<std::int64_t>());
  if (value.is_number()) return value.dump();
  return std::nullopt;
}

std::optional<ReferenceValueKind> JsonKind(const nlohmann::json& value) {
  if (value.is_string()) return ReferenceValueKind::kString;
  if (value.is_boolean()) return ReferenceValueKind::kBoolean;
  if (value.is_number_integer()) return ReferenceValueKind::kInteger;  // signed or unsigned
  if (value.is_number()) return ReferenceValueKind::kNumber;
  return std::nullopt;
}

std::optional<nlohmann::json> TypedJson(const std::string& text, ReferenceValueKind kind) {
  if (kind == ReferenceValueKind::kString) return nlohmann::json(text);
  nlohmann::json value = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  // Only the exact text CanonicalText prints reads back: " 3", "03" or "1e0" for 1 do not.
  if (JsonKind(value) != kind || CanonicalText(value) != text) return std::nullopt;
  return value;
}

std::string DescribeType(const nlohmann::json& value) {
  if (value.is_object()) return "an object";
  if (value.is_array()) return "an array";
  if (value.is_string()) return "a string";
  if (value.is_boolean()) return "a boolean";
  if (value.is_number_integer()) return "an integer";
  if (value.is_number()) return "a number";
  return "null";
}

bool TextMatches(std::string_view found, std::string_view expected) {
  if (found.size() != expected.size() || !IsHex(found) || !IsHex(expected))
    return found == expected;
  return std::equal(found.begin(), found.end(), expected.begin(),
                    [](char a, char b) { return Lower(a) == Lower(b); });
}

std::optional<Integer> AsInteger(const nlohmann::json& value) {
  if (!value.is_number_integer()) return std::nullopt;
  if (value.is_number_unsigned()) return Integer{false, value.get<std::uint64_t>()};
  const auto number = value.get<std::int64_t>();
  if (number >= 0) return Integer{false, static_cast<std::uint64_t>(number)};
  return Integer{true, static_cast<std::uint64_t>(-(number + 1)) + 1u};
}

std::string IntegerText(Integer value) {
  return (value.negative ? "-" : "") + std::to_string(value.magnitude);
}

int CompareIntegers(Integer a, Integer b) {
  if (a.negative != b.negative) return a.negative ? -1 : 1;
  if (a.magnitude == b.magnitude) return 0;
  const bool a_smaller = a.magnitude < b.magnitude;
  // For negative numbers, the larger magnitude is the smaller value.
  return (a_smaller != a.negative) ? -1 : 1;
}

std::optional<int> CompareIntegers(const nlohmann::json& a, const nlohmann::json& b) {
  const std::optional<Integer> x = AsInteger(a);
  const std::optional<Integer> y = AsInteger(b);
  if (!x || !y) return std::nullopt;
  return CompareIntegers(*x, *y);
}

}  // namespace veil::policy
