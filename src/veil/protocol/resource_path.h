#pragma once
// ResourcePath: the address of a stored secret, `repository/type/tag` as in the KBS resource URI
// (/kbs/v0/resource/<repository>/<type>/<tag>). A constructed ResourcePath is always valid.

#include <compare>
#include <cstddef>
#include <string>
#include <string_view>

#include "veil/base/result.h"

namespace veil::protocol {

inline constexpr std::size_t kMaxResourceSegmentSize = 128;

class ResourcePath {
 public:
  // Exactly three segments separated by '/', each 1..kMaxResourceSegmentSize characters of
  // [A-Za-z0-9._-] and neither "." nor ".."; kInvalidArgument otherwise, naming the segment.
  static Result<ResourcePath> Parse(std::string_view text);

  std::string_view repository() const { return std::string_view(text_).substr(0, type_at_ - 1); }
  std::string_view type() const {
    return std::string_view(text_).substr(type_at_, tag_at_ - type_at_ - 1);
  }
  std::string_view tag() const { return std::string_view(text_).substr(tag_at_); }
  const std::string& str() const { return text_; }  // "repository/type/tag"

  friend bool operator==(const ResourcePath& a, const ResourcePath& b) {
    return a.text_ == b.text_;
  }
  friend std::strong_ordering operator<=>(const ResourcePath& a, const ResourcePath& b) {
    return a.text_.compare(b.text_) <=> 0;
  }

 private:
  ResourcePath(std::string text, std::size_t type_at, std::size_t tag_at)
      : text_(std::move(text)), type_at_(type_at), tag_at_(tag_at) {}

  std::string text_;
  std::size_t type_at_;  // offset of the type segment
  std::size_t tag_at_;   // offset of the tag segment
};

}  // namespace veil::protocol
