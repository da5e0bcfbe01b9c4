#include "veil/http/message/headers.h"

#include <algorithm>

namespace veil::http {
namespace {

char LowerAscii(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

bool IsTokenChar(char c) {
  if ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) return true;
  return std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
}

// Shows a value in an error message without letting control bytes through.
std::string Printable(std::string_view text) {
  std::string shown;
  for (const char c : text.substr(0, 64)) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte >= 0x20 && byte < 0x7f) {
      shown += c;
    } else {
      static constexpr char kHex[] = "0123456789abcdef";
      shown += "\\x";
      shown += kHex[byte >> 4];
      shown += kHex[byte & 0xf];
    }
  }
  if (text.size() > 64) shown += "...";
  return shown;
}

}  // namespace

void Headers::Add(std::string name, std::string value) {
  fields_.push_back({std::move(name), std::move(value)});
}

void Headers::Set(std::string name, std::string value) {
  Remove(name);
  Add(std::move(name), std::move(value));
}

void Headers::Remove(std::string_view name) {
  std::erase_if(fields_,
                [name](const HeaderField& field) { return EqualsIgnoreCase(field.name, name); });
}

std::optional<std::string_view> Headers::Get(std::string_view name) const {
  const auto it = std::find_if(fields_.begin(), fields_.end(), [name](const HeaderField& field) {
    return EqualsIgnoreCase(field.name, name);
  });
  if (it == fields_.end()) return std::nullopt;
  return std::string_view(it->value);
}

std::vector<std::string_view> Headers::GetAll(std::string_view name) const {
  std::vector<std::string_view> values;
  for (const HeaderField& field : fields_) {
    if (EqualsIgnoreCase(field.name, name)) values.emplace_back(field.value);
  }
  return values;
}

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return LowerAscii(x) == LowerAscii(y);
         });
}

bool IsToken(std::string_view text) {
  return !text.empty() && std::all_of(text.begin(), text.end(), IsTokenChar);
}

bool IsValidFieldValue(std::string_view value) {
  return value.find_first_of(std::string_view("\r\n\0", 3)) == std::string_view::npos;
}

Status ValidateHeaders(const Headers& headers) {
  for (const HeaderField& field : headers) {
    if (!IsToken(field.name)) {
      return Fail(InvalidArgument("expected a header name made of token characters, got '" +
                                  Printable(field.name) + "'"));
    }
    if (!IsValidFieldValue(field.value)) {
      return Fail(InvalidArgument("expected the value of header " + field.name +
                                  " without CR, LF or NUL, got '" + Printable(field.value) + "'"));
    }
  }
  return {};
}

}  // namespace veil::http
