#pragma once
// Turns OpenSSL's thread-local error queue into Veil errors.

#include <string>
#include <string_view>

#include "veil/base/error.h"

namespace veil::crypto {

// Empties the error queue and returns its entries joined by "; " (empty when there were none).
std::string DrainOpensslErrors();

// An error of `code` whose message is `what` followed by whatever OpenSSL reported.
Error OpensslError(ErrorCode code, std::string_view what);

}  // namespace veil::crypto
