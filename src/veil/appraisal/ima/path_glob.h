#pragma once
// Exclusion patterns of an IMA allowlist: fnmatch(3) with no flags, so '*' and '?' also match
// '/' ("/var/log/*" excludes everything below /var/log) and "[...]" is a bracket expression.
// Bounded so that matching stays cheap on untrusted paths: a pattern is an absolute path of at
// most kMaxGlobLength bytes with at most kMaxGlobStars '*'.

#include <cstddef>
#include <string>
#include <string_view>

#include "veil/base/result.h"

namespace veil::appraisal::ima {

inline constexpr std::size_t kMaxGlobLength = 512;
inline constexpr std::size_t kMaxGlobStars = 8;

class PathGlob {
 public:
  // kInvalidArgument for an empty, relative, too long or too starry pattern, or one containing
  // a NUL byte.
  static Result<PathGlob> Parse(std::string_view pattern);

  bool Matches(const std::string& path) const;
  const std::string& pattern() const { return pattern_; }

 private:
  explicit PathGlob(std::string pattern) : pattern_(std::move(pattern)) {}
  std::string pattern_;
};

}  // namespace veil::appraisal::ima
