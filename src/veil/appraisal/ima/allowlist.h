#pragma once
// An IMA allowlist: for each path as the measured system names it, the file digests it may have,
// and path globs whose entries are not appraised. JSON (docs/formats/ima-allowlist.md):
//   {"version": 1,
//    "digests": {"/usr/bin/bash": ["sha256:<hex>", ...], ...},
//    "excludes": ["/tmp/*", ...]}
// Bounds: at most kMaxAllowlistPaths paths of at most kMaxAllowlistPathLength bytes, at most
// kMaxDigestsPerPath digests per path, at most kMaxExcludes patterns (path_glob.h bounds each).

#include <cstddef>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "veil/appraisal/ima/path_glob.h"
#include "veil/base/bytes.h"
#include "veil/base/result.h"

namespace veil::appraisal::ima {

inline constexpr std::size_t kMaxAllowlistPaths = std::size_t{1} << 20;
inline constexpr std::size_t kMaxAllowlistPathLength = 4096;
inline constexpr std::size_t kMaxDigestsPerPath = 64;
inline constexpr std::size_t kMaxExcludes = 1024;

struct AllowedDigest {
  std::string algorithm;  // the kernel's name: "sha256", "sha1", ...
  Bytes digest;
  friend bool operator==(const AllowedDigest&, const AllowedDigest&) = default;
};

struct Allowlist {
  std::map<std::string, std::vector<AllowedDigest>> digests;
  std::vector<PathGlob> excludes;

  // The first exclusion pattern `path` matches, or nullptr.
  const PathGlob* ExcludedBy(const std::string& path) const;
};

// kInvalidArgument naming the member (or the path) for anything but the shape above: an unknown
// or missing member, a version other than 1, a relative or over-long path, a digest that is not
// "<algorithm>:<hex>" with the algorithm's size (evidence/ima FileDigestSize), an empty or
// over-long digest list, a bad pattern; kMalformed for text that is not strict JSON.
Result<Allowlist> ParseAllowlist(std::string_view text);

// The JSON form, paths sorted, two-space indented, ending in a newline; ParseAllowlist reads it
// back to an equal allowlist.
std::string SerializeAllowlist(const Allowlist& allowlist);

}  // namespace veil::appraisal::ima
