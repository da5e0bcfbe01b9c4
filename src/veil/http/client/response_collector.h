#pragma once
// Internal: collects a response through libcurl's write and header callbacks. Keeps the fields
// of the final response only (interim 1xx responses are dropped) and stops the transfer once the
// body would exceed its limit.

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "veil/http/message/headers.h"

namespace veil::http::internal {

class ResponseCollector {
 public:
  explicit ResponseCollector(std::size_t max_body_bytes) : max_body_bytes_(max_body_bytes) {}

  // CURLOPT_WRITEFUNCTION / CURLOPT_HEADERFUNCTION with `self` = this. Returning less than given
  // makes curl abort the transfer.
  static std::size_t OnBody(char* data, std::size_t size, std::size_t count, void* self) noexcept;
  static std::size_t OnHeaderLine(char* data, std::size_t size, std::size_t count,
                                  void* self) noexcept;

  bool body_too_large() const { return body_too_large_; }
  std::size_t max_body_bytes() const { return max_body_bytes_; }
  Headers TakeHeaders();
  std::string TakeBody() { return std::move(body_); }

 private:
  bool AppendBody(std::string_view data);
  void AddHeaderLine(std::string_view line);

  std::size_t max_body_bytes_;
  bool body_too_large_ = false;
  std::vector<HeaderField> fields_;  // of the response being read
  std::string body_;
};

}  // namespace veil::http::internal
