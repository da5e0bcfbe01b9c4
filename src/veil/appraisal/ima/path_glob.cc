#include "veil/appraisal/ima/path_glob.h"

#include <fnmatch.h>

#include <algorithm>

namespace veil::appraisal::ima {

Result<PathGlob> PathGlob::Parse(std::string_view pattern) {
  const auto invalid = [&](const std::string& why) {
    return Fail(InvalidArgument("exclude pattern \"" +
                                std::string(pattern.substr(0, kMaxGlobLength)) + "\": " + why));
  };
  if (pattern.empty() || pattern[0] != '/') return invalid("expected an absolute path pattern");
  if (pattern.size() > kMaxGlobLength) {
    return invalid("longer than " + std::to_string(kMaxGlobLength) + " bytes");
  }
  if (pattern.find('\0') != std::string_view::npos) return invalid("contains a NUL byte");
  if (static_cast<std::size_t>(std::count(pattern.begin(), pattern.end(), '*')) > kMaxGlobStars) {
    return invalid("more than " + std::to_string(kMaxGlobStars) + " '*'");
  }
  return PathGlob(std::string(pattern));
}

bool PathGlob::Matches(const std::string& path) const {
  return fnmatch(pattern_.c_str(), path.c_str(), 0) == 0;
}

}  // namespace veil::appraisal::ima
