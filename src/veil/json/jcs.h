#pragma once
// The JSON Canonicalization Scheme (RFC 8785): one byte sequence per JSON value, for hashing
// and signing. Objects have their members sorted by the UTF-16 code units of their names,
// there is no whitespace, strings are escaped exactly as section 3.2.2.2 says (only '"', '\',
// and U+0000..U+001F; the short forms \b \t \n \f \r, otherwise \u00xx in lower case), numbers
// are written as ECMAScript does (see ecmascript_number.h). Output is UTF-8.

#include <nlohmann/json.hpp>
#include <string>

#include "veil/base/result.h"

namespace veil::json {

inline constexpr int kMaxJcsDepth = 256;

// kInvalidArgument (naming the JSON pointer of the offending value) for: a string or member
// name that is not valid UTF-8; NaN or an infinity; an integer outside the I-JSON range
// [-(2^53)+1, 2^53-1] (RFC 7493 section 2.2: it would not survive a round trip through an
// IEEE 754 double, so two parties could canonicalize it differently); binary values; nesting
// deeper than kMaxJcsDepth.
Result<std::string> CanonicalizeJcs(const nlohmann::json& value);

}  // namespace veil::json
