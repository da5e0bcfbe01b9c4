#include "veil/json/jcs.h"

#include <algorithm>
#include <cstdint>
#include <vector>

#include "veil/json/ecmascript_number.h"
#include "veil/json/utf8.h"

namespace veil::json {
namespace {

using nlohmann::json;

constexpr std::uint64_t kMaxSafeInteger = (std::uint64_t{1} << 53) - 1;

Error At(const std::string& pointer, const std::string& message) {
  return InvalidArgument("JCS: " + message + " at \"" + (pointer.empty() ? "/" : pointer) + "\"");
}

// JSON pointer escaping (RFC 6901) of one reference token, for error messages.
std::string PointerToken(std::string_view name) {
  std::string token;
  for (char c : name) {
    if (c == '~')
      token += "~0";
    else if (c == '/')
      token += "~1";
    else
      token += c;
  }
  return token;
}

void AppendEscapedString(std::string_view text, std::string& out) {
  static constexpr char kHex[] = "0123456789abcdef";
  out += '"';
  for (char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\b':
        out += "\\b";
        break;
      case '\t':
        out += "\\t";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\f':
        out += "\\f";
        break;
      case '\r':
        out += "\\r";
        break;
      default:
        if (byte < 0x20) {
          out += "\\u00";
          out += kHex[byte >> 4];
          out += kHex[byte & 0x0F];
        } else {
          out += c;  // everything else, including non-ASCII UTF-8, is written as is
        }
    }
  }
  out += '"';
}

Status AppendString(std::string_view text, const std::string& pointer, std::string& out) {
  auto utf16 = Utf8ToUtf16(text);
  if (!utf16) return Fail(At(pointer, utf16.error().message));
  AppendEscapedString(text, out);
  return {};
}

Status AppendInteger(bool negative, std::uint64_t magnitude, const std::string& pointer,
                     std::string& out) {
  if (magnitude > kMaxSafeInteger) {
    return Fail(At(pointer, "integer " + std::string(negative ? "-" : "") +
                                std::to_string(magnitude) +
                                " is outside the I-JSON range of +-(2^53-1)"));
  }
  if (negative && magnitude != 0) out += '-';
  out += std::to_string(magnitude);
  return {};
}

Status Append(const json& value, const std::string& pointer, int depth, std::string& out);

Status AppendArray(const json& array, const std::string& pointer, int depth, std::string& out) {
  out += '[';
  std::size_t index = 0;
  for (const json& element : array) {
    if (index != 0) out += ',';
    VEIL_TRY(Append(element, pointer + "/" + std::to_string(index), depth + 1, out));
    ++index;
  }
  out += ']';
  return {};
}

struct Member {
  std::u16string sort_key;  // the name in UTF-16 code units: RFC 8785 section 3.2.3
  const std::string* name;
  const json* value;
};

Status AppendObject(const json& object, const std::string& pointer, int depth, std::string& out) {
  std::vector<Member> members;
  members.reserve(object.size());
  for (auto it = object.begin(); it != object.end(); ++it) {
    auto sort_key = Utf8ToUtf16(it.key());
    if (!sort_key) return Fail(At(pointer, "member name: " + sort_key.error().message));
    members.push_back(Member{std::move(*sort_key), &it.key(), &it.value()});
  }
  std::sort(members.begin(), members.end(),
            [](const Member& a, const Member& b) { return a.sort_key < b.sort_key; });
  out += '{';
  for (std::size_t i = 0; i < members.size(); ++i) {
    if (i != 0) out += ',';
    AppendEscapedString(*members[i].name, out);
    out += ':';
    VEIL_TRY(
        Append(*members[i].value, pointer + "/" + PointerToken(*members[i].name), depth + 1, out));
  }
  out += '}';
  return {};
}

Status Append(const json& value, const std::string& pointer, int depth, std::string& out) {
  if (depth > kMaxJcsDepth)
    return Fail(At(pointer, "nesting deeper than " + std::to_string(kMaxJcsDepth)));
  switch (value.type()) {
    case json::value_t::null:
      out += "null";
      return {};
    case json::value_t::boolean:
      out += value.get<bool>() ? "true" : "false";
      return {};
    case json::value_t::string:
      return AppendString(value.get_ref<const std::string&>(), pointer, out);
    case json::value_t::number_integer: {
      const std::int64_t number = value.get<std::int64_t>();
      // Magnitude without overflow for INT64_MIN.
      const std::uint64_t magnitude = number < 0
                                          ? std::uint64_t{0} - static_cast<std::uint64_t>(number)
                                          : static_cast<std::uint64_t>(number);
      return AppendInteger(number < 0, magnitude, pointer, out);
    }
    case json::value_t::number_unsigned:
      return AppendInteger(false, value.get<std::uint64_t>(), pointer, out);
    case json::value_t::number_float: {
      auto text = FormatEcmaScriptNumber(value.get<double>());
      if (!text) return Fail(At(pointer, text.error().message));
      out += *text;
      return {};
    }
    case json::value_t::array:
      return AppendArray(value, pointer, depth, out);
    case json::value_t::object:
      return AppendObject(value, pointer, depth, out);
    case json::value_t::binary:
      return Fail(At(pointer, "binary values have no JSON text"));
    case json::value_t::discarded:
      return Fail(At(pointer, "discarded value (failed parse)"));
  }
  return Fail(At(pointer, "unknown JSON value type"));
}

}  // namespace

Result<std::string> CanonicalizeJcs(const nlohmann::json& value) {
  std::string out;
  VEIL_TRY(Append(value, "", 0, out));
  return out;
}

}  // namespace veil::json
