#pragma once
// Policy documents: JSON or YAML text read into one JSON model, and the strict accessors every
// document parser uses so that each rejection names where it happened, what was expected and
// what was found. Errors have no context; the public Parse* entry points add "policy".

#include <cstddef>
#include <initializer_list>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "veil/base/result.h"

namespace veil::policy {

inline constexpr std::size_t kMaxDocumentSize = 1u << 20;

// JSON when the first non-blank character is '{' or '[', YAML otherwise (yaml_document.h).
// Rejects documents over kMaxDocumentSize, syntax errors (with position) and duplicate keys.
Result<nlohmann::json> ParseDocument(std::string_view text);

// Fails unless `value` is an object whose keys are all in `allowed`.
Status ExpectObjectWithKeys(const nlohmann::json& value,
                            std::initializer_list<std::string_view> allowed,
                            std::string_view where);
// The non-empty string at `object[key]`; fails when it is absent or not a non-empty string.
Result<std::string> RequiredString(const nlohmann::json& object, std::string_view key,
                                   std::string_view where);
// A non-empty list of non-empty strings.
Result<std::vector<std::string>> StringList(const nlohmann::json& value, std::string_view where);
// `"text"` for strings, JSON text for everything else, cut at 80 characters (never throws).
std::string Quoted(const nlohmann::json& value);

}  // namespace veil::policy
