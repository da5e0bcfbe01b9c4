#pragma once
// Claims as policies see them: dotted paths into a claims object, and the canonical text a
// claim is compared by. A path segment names an object key ("pcrs.sha256.23" reads the key "23"
// of the object "sha256"); on an array it is a decimal index. Keys containing '.' cannot be named.

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "veil/base/reference_value.h"

namespace veil::policy {

// The value at `path` under `root`, or nullptr when any segment is absent (or `path` is empty).
const nlohmann::json* FindClaim(const nlohmann::json& root, std::string_view path);

// Strings as they are; integers in decimal ("5", "-3"); booleans "true"/"false"; null "null";
// other numbers as JSON prints them. Objects and arrays have none (nullopt).
std::optional<std::string> CanonicalText(const nlohmann::json& value);

// The kind a reference value written as `value` has: strings kString, integers kInteger,
// booleans kBoolean, other numbers kNumber; nullopt for null, arrays and objects.
std::optional<ReferenceValueKind> JsonKind(const nlohmann::json& value);

// The JSON a value of `kind` with canonical text `text` was written as: the inverse of
// CanonicalText ("3" of kind kInteger is 3, "true" of kind kBoolean is true, a string is itself).
// nullopt when `text` is not the canonical text of a value of that kind (a corrupt record).
std::optional<nlohmann::json> TypedJson(const std::string& text, ReferenceValueKind kind);

// "an object", "an array", "a string" ... for messages.
std::string DescribeType(const nlohmann::json& value);

// True when `found` equals `expected`: case-insensitively when both are hex strings (digits,
// optionally after "0x"), exactly otherwise.
bool TextMatches(std::string_view found, std::string_view expected);

// A JSON integer over the whole range JSON parsing yields (int64 and uint64), as sign and
// magnitude so that every value compares without overflow.
struct Integer {
  bool negative = false;
  std::uint64_t magnitude = 0;  // INT64_MIN is {true, 2^63}
};

// The integer `value` holds; nullopt when it is not an integer (a string, a float, ...).
std::optional<Integer> AsInteger(const nlohmann::json& value);
// Decimal, as CanonicalText prints the same JSON integer ("5", "-3").
std::string IntegerText(Integer value);
// Negative, zero or positive like a <=> b.
int CompareIntegers(Integer a, Integer b);
// Compares two JSON integers without overflow: negative, zero or positive like a <=> b.
// nullopt when either is not an integer.
std::optional<int> CompareIntegers(const nlohmann::json& a, const nlohmann::json& b);

}  // namespace veil::policy
