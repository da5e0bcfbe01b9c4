#include "veil/http/client/curl_handle.h"

namespace veil::http::internal {
namespace {

Status EnsureCurlInitialized() {
  // A function-local static is initialized exactly once even when threads race here. curl is
  // never cleaned up globally: other threads may still be using it at exit.
  static const CURLcode kInitialized = curl_global_init(CURL_GLOBAL_DEFAULT);
  if (kInitialized != CURLE_OK) {
    return Fail(
        Internal(std::string("curl_global_init failed: ") + curl_easy_strerror(kInitialized)));
  }
  return {};
}

}  // namespace

Result<CurlEasyPtr> NewCurlEasy() {
  VEIL_TRY(EnsureCurlInitialized());
  CurlEasyPtr curl(curl_easy_init());
  if (!curl) return Fail(Internal("curl_easy_init failed"));
  return curl;
}

Status AppendLine(CurlSlistPtr& list, const std::string& line) {
  curl_slist* appended = curl_slist_append(list.get(), line.c_str());
  if (appended == nullptr) return Fail(Internal("curl_slist_append failed (out of memory)"));
  (void)
      list.release();  // curl returned the same list, now one longer (or a new one if it was empty)
  list.reset(appended);
  return {};
}

}  // namespace veil::http::internal
