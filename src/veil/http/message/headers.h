#pragma once
// HTTP header fields in the order they were sent or added. Names compare case-insensitively
// (RFC 9110 section 5.1); repeated fields (Set-Cookie) are kept as separate entries, in order.
// Values are stored verbatim: no trimming, no joining, no decoding.

#include <cstddef>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "veil/base/result.h"

namespace veil::http {

struct HeaderField {
  std::string name;
  std::string value;
  bool operator==(const HeaderField&) const = default;
};

class Headers {
 public:
  Headers() = default;
  Headers(std::initializer_list<HeaderField> fields) : fields_(fields) {}

  // Appends a field, keeping any earlier field of the same name.
  void Add(std::string name, std::string value);
  // Replaces every field named `name` by one field (appended when there was none).
  void Set(std::string name, std::string value);
  void Remove(std::string_view name);

  // The first field named `name`, if any.
  std::optional<std::string_view> Get(std::string_view name) const;
  // Every field named `name`, in order.
  std::vector<std::string_view> GetAll(std::string_view name) const;
  bool Contains(std::string_view name) const { return Get(name).has_value(); }

  std::size_t size() const { return fields_.size(); }
  bool empty() const { return fields_.empty(); }
  std::vector<HeaderField>::const_iterator begin() const { return fields_.begin(); }
  std::vector<HeaderField>::const_iterator end() const { return fields_.end(); }

 private:
  std::vector<HeaderField> fields_;
};

// ASCII case-insensitive equality (header names, methods' tokens, "100-continue").
bool EqualsIgnoreCase(std::string_view a, std::string_view b);

// RFC 9110 section 5.6.2 token: header names and request methods.
bool IsToken(std::string_view text);
// A value that cannot break the framing: no CR, LF or NUL (RFC 9110 section 5.5).
bool IsValidFieldValue(std::string_view value);

// kInvalidArgument naming the first field whose name is not a token or whose value contains
// CR, LF or NUL.
Status ValidateHeaders(const Headers& headers);

}  // namespace veil::http
