#include "veil/protocol/resource_path.h"

#include <algorithm>

namespace veil::protocol {
namespace {

bool IsSegmentCharacter(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' ||
         c == '_' || c == '-';
}

Status CheckSegment(std::string_view name, std::string_view segment) {
  const std::string prefix = "resource path " + std::string(name) + ": ";
  if (segment.empty()) return Fail(InvalidArgument(prefix + "must not be empty"));
  if (segment.size() > kMaxResourceSegmentSize) {
    return Fail(InvalidArgument(prefix + "expected at most " +
                                std::to_string(kMaxResourceSegmentSize) + " characters, got " +
                                std::to_string(segment.size())));
  }
  if (!std::all_of(segment.begin(), segment.end(), IsSegmentCharacter)) {
    return Fail(
        InvalidArgument(prefix + "expected [A-Za-z0-9._-]+, got \"" + std::string(segment) + "\""));
  }
  if (segment == "." || segment == "..") {
    return Fail(InvalidArgument(prefix + "\"" + std::string(segment) + "\" is not allowed"));
  }
  return {};
}

}  // namespace

Result<ResourcePath> ResourcePath::Parse(std::string_view text) {
  const std::size_t first = text.find('/');
  const std::size_t second = first == std::string_view::npos ? first : text.find('/', first + 1);
  if (second == std::string_view::npos || text.find('/', second + 1) != std::string_view::npos) {
    const auto segments = std::count(text.begin(), text.end(), '/') + 1;
    return Fail(InvalidArgument("resource path: expected 3 segments repository/type/tag, got " +
                                std::to_string(segments)));
  }
  VEIL_TRY(CheckSegment("repository", text.substr(0, first)));
  VEIL_TRY(CheckSegment("type", text.substr(first + 1, second - first - 1)));
  VEIL_TRY(CheckSegment("tag", text.substr(second + 1)));
  return ResourcePath(std::string(text), first + 1, second + 1);
}

}  // namespace veil::protocol
