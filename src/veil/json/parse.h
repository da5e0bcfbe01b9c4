#pragma once
// Parsing untrusted JSON text without exceptions. Stricter than RFC 8259 allows a parser to be,
// in the I-JSON direction (RFC 7493): a duplicated member name is an error (RFC 7515 section
// 5.2 lets JOSE reject them, and "last one wins" hides tampering), nesting is bounded, and the
// text must be valid UTF-8 with nothing after the value.

#include <nlohmann/json.hpp>
#include <string_view>

#include "veil/base/result.h"

namespace veil::json {

inline constexpr int kMaxJsonDepth = 64;

// kMalformed for a syntax error (including invalid UTF-8 and unpaired surrogate escapes), a
// duplicate member name (named) or nesting deeper than kMaxJsonDepth.
Result<nlohmann::json> ParseJson(std::string_view text);
// ParseJson, and the value must be an object ("<what> is not a JSON object").
Result<nlohmann::json> ParseJsonObject(std::string_view text, std::string_view what);

}  // namespace veil::json
