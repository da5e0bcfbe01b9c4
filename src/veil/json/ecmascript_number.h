#pragma once
// Number serialization as ECMAScript's Number.prototype.toString (ECMA-262 "Number::toString",
// radix 10), which RFC 8785 section 3.2.2.3 prescribes for JCS: the shortest digit string that
// round-trips, written as an integer, a decimal fraction or with an "e+"/"e-" exponent by the
// ECMAScript rules ("1e+21", "0.000001", "1e-7"); -0 is written "0".

#include <string>

#include "veil/base/result.h"

namespace veil::json {

// kInvalidArgument for NaN and the infinities (JSON cannot carry them).
Result<std::string> FormatEcmaScriptNumber(double value);

}  // namespace veil::json
