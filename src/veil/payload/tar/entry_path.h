#pragma once
// The path of an archive entry, checked before anything is written: it must stay inside the
// extraction directory.

#include <string>
#include <string_view>
#include <vector>

#include "veil/base/result.h"

namespace veil::payload::tar {

// Limits that keep extraction linear in the archive's size (docs/formats/payload.md, "Limits").
inline constexpr std::size_t kMaxPathSize = 4096;  // PATH_MAX: bytes of a whole entry name
inline constexpr std::size_t kMaxPathDepth = 128;  // components of one path

// A relative path below the extraction directory; no components means the directory itself
// (GNU tar archives "./" when run as `tar -C dir -cf x.tar .`).
struct EntryPath {
  std::vector<std::string> components;

  std::string str() const;  // "a/b/c", or "." for the directory itself
  bool is_root() const { return components.empty(); }
};

// Splits `name` at '/', dropping "." components and one trailing '/'. kMalformed saying why (the
// caller names the entry) for an empty name, an absolute path, a ".." component, an empty
// component ("a//b"), a component longer than 255 bytes (NAME_MAX), a NUL byte, a name longer
// than kMaxPathSize or deeper than kMaxPathDepth components. Linear in the name's length.
Result<EntryPath> ParseEntryPath(std::string_view name);

// `name` in double quotes for error messages, with control characters, quotes, backslashes and
// bytes above 0x7e escaped (\xNN) and at most 256 bytes shown: names are untrusted.
std::string QuoteName(std::string_view name);

}  // namespace veil::payload::tar
