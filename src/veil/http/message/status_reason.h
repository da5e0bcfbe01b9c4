#pragma once
// The reason phrase of an HTTP status code, as Boost.Beast's obsolete_reason spells it (so the
// titles of problem documents do not change with who builds them), without including Beast.

#include <string_view>

namespace veil::http {

// "Not Found" for 404; "<unknown-status>" for a code without a registered phrase.
std::string_view StatusReason(unsigned status);

}  // namespace veil::http
