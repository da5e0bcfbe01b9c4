#pragma once
// Internal: RAII handles for libcurl objects and the process-wide curl_global_init.

#include <curl/curl.h>

#include <memory>
#include <string>

#include "veil/base/result.h"

namespace veil::http::internal {

template <auto kFree>
struct CurlDeleter {
  template <class T>
  void operator()(T* handle) const noexcept {
    kFree(handle);
  }
};

using CurlEasyPtr = std::unique_ptr<CURL, CurlDeleter<&curl_easy_cleanup>>;
using CurlSlistPtr = std::unique_ptr<curl_slist, CurlDeleter<&curl_slist_free_all>>;

// A fresh easy handle; curl_global_init runs once per process before the first (thread-safe).
// kInternal when either fails.
Result<CurlEasyPtr> NewCurlEasy();

// Appends `line` to `list` (which may be empty). kInternal when curl cannot allocate.
Status AppendLine(CurlSlistPtr& list, const std::string& line);

}  // namespace veil::http::internal
