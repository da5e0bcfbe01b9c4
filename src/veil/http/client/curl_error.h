#pragma once
// Internal: a failed curl transfer as a Veil error with curl's own description.

#include <curl/curl.h>

#include <string_view>

#include "veil/base/error.h"

namespace veil::http::internal {

// `detail` is the CURLOPT_ERRORBUFFER text (may be empty). Codes: see client.h.
Error CurlError(CURLcode code, std::string_view detail);

}  // namespace veil::http::internal
