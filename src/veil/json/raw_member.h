#pragma once
// The exact text of one member value of a top-level JSON object, as it appears in the input.
// Signed JSON documents such as Intel's TCB Info ({"tcbInfo":{...},"signature":"..."}) sign the
// bytes of an inner value as served; re-serializing a parsed value would change them.

#include <string_view>

#include "veil/base/result.h"

namespace veil::json {

// The value text of member `name` (from its first to its last character, no surrounding
// whitespace) of the object `text`; a view into `text`. Call it on text ParseJsonObject
// accepted: the scan is bounds-checked but does not validate. kNotFound when the member is
// absent; kMalformed when `text` is not an object. Names with escapes never match.
Result<std::string_view> RawMemberText(std::string_view text, std::string_view name);

}  // namespace veil::json
