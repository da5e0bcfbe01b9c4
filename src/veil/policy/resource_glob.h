#pragma once
// Globs over resource paths ("repository/type/tag"), matched against the whole path:
//   `*` any run of characters except '/', `**` any run including '/', `?` one character except '/'.
// Every other character matches itself; there are no classes, braces or escapes.

#include <string_view>

namespace veil::policy {

// Time O(|glob| * |path|), no recursion.
bool GlobMatches(std::string_view glob, std::string_view path);

}  // namespace veil::policy
