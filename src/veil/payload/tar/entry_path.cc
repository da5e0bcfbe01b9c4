#include "veil/payload/tar/entry_path.h"

#include "veil/base/hex.h"

namespace veil::payload::tar {
namespace {

constexpr std::size_t kMaxQuotedBytes = 256;
constexpr std::size_t kMaxComponentSize =
    255;  // NAME_MAX: longer would only fail once writing began

}  // namespace

std::string EntryPath::str() const {
  if (components.empty()) return ".";
  std::string joined;
  for (const std::string& component : components) joined += (joined.empty() ? "" : "/") + component;
  return joined;
}

Result<EntryPath> ParseEntryPath(std::string_view name) {
  if (name.empty()) return Fail(Malformed("empty name"));
  if (name.find('\0') != std::string_view::npos)
    return Fail(Malformed("the name contains a NUL byte"));
  if (name.front() == '/') return Fail(Malformed("absolute paths are not allowed"));
  if (name.size() > kMaxPathSize) {
    return Fail(Malformed("a name of " + std::to_string(name.size()) + " bytes, more than " +
                          std::to_string(kMaxPathSize)));
  }
  std::string_view rest = name;
  if (rest.back() == '/') rest.remove_suffix(1);
  EntryPath path;
  while (true) {
    const std::size_t slash = rest.find('/');
    const std::string_view component = rest.substr(0, slash);
    if (component.empty()) return Fail(Malformed("empty path component"));
    if (component == "..") return Fail(Malformed("\"..\" components are not allowed"));
    if (component.size() > kMaxComponentSize) {
      return Fail(Malformed("a path component of " + std::to_string(component.size()) +
                            " bytes, more than " + std::to_string(kMaxComponentSize)));
    }
    if (component != ".") {
      if (path.components.size() == kMaxPathDepth) {
        return Fail(
            Malformed("a path deeper than " + std::to_string(kMaxPathDepth) + " components"));
      }
      path.components.emplace_back(component);
    }
    if (slash == std::string_view::npos) return path;
    rest.remove_prefix(slash + 1);
  }
}

std::string QuoteName(std::string_view name) {
  std::string quoted = "\"";
  for (char c : name.substr(0, kMaxQuotedBytes)) {
    const auto byte = static_cast<std::uint8_t>(c);
    if (byte < 0x20 || byte > 0x7e || c == '"' || c == '\\') {
      quoted += "\\x" + HexEncode(ByteSpan(&byte, 1));
    } else {
      quoted += c;
    }
  }
  quoted += name.size() > kMaxQuotedBytes ? "\"..." : "\"";
  return quoted;
}

}  // namespace veil::payload::tar
