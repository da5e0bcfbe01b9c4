#include "veil/initdata/toml_text.h"

#include <cstdio>

namespace veil::initdata {
namespace {

bool IsControl(char c) {
  const auto byte = static_cast<unsigned char>(c);
  return byte < 0x20 || byte == 0x7f;
}

// Only tab and newline among control characters may appear unescaped in multi-line strings.
bool HasOtherControl(std::string_view value) {
  for (const char c : value) {
    if (IsControl(c) && c != '\t' && c != '\n') return true;
  }
  return false;
}

}  // namespace

std::string TomlBasicString(std::string_view value) {
  std::string out = "\"";
  for (const char c : value) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\t':
        out += "\\t";
        break;
      case '\r':
        out += "\\r";
        break;
      default:
        if (IsControl(c)) {
          char escaped[8];
          std::snprintf(escaped, sizeof(escaped), "\\u%04X", static_cast<unsigned char>(c));
          out += escaped;
        } else {
          out += c;
        }
    }
  }
  return out + "\"";
}

std::string TomlMultiLineString(std::string_view value) {
  if (value.find("'''") != std::string_view::npos || HasOtherControl(value) ||
      (!value.empty() && value.back() == '\'')) {
    return TomlBasicString(value);
  }
  return "'''\n" + std::string(value) + "'''";
}

std::string TomlMultiLineBasicString(std::string_view value) {
  if (value.find_first_of("\"\\") != std::string_view::npos || HasOtherControl(value)) {
    return TomlBasicString(value);
  }
  return "\"\"\"\n" + std::string(value) + "\"\"\"";
}

}  // namespace veil::initdata
