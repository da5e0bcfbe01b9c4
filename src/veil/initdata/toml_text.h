#pragma once
// TOML 1.0 string values as text, for documents Veil writes by hand so that their bytes (and
// therefore their digest) are fixed by Veil, not by a serializer's version.

#include <string>
#include <string_view>

namespace veil::initdata {

// A basic string "..." with `"`, `\` and every control character escaped (TOML 1.0 §String).
std::string TomlBasicString(std::string_view value);

// A multi-line string for text a reader should see as lines: literal '''…''' when `value` allows
// it (no ''', no control character but tab and newline, not ending in '), else TomlBasicString.
// A newline follows the opening delimiter (TOML trims it), so the value starts on its own line.
std::string TomlMultiLineString(std::string_view value);

// A basic multi-line string """…""" for `value` free of `"`, `\` and control characters but tab
// and newline (a PEM block), else TomlBasicString. Usable inside a TomlMultiLineString literal.
std::string TomlMultiLineBasicString(std::string_view value);

}  // namespace veil::initdata
