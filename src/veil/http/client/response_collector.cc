#include "veil/http/client/response_collector.h"

#include <exception>

namespace veil::http::internal {
namespace {

std::string_view TrimWhitespace(std::string_view text) {
  constexpr std::string_view kWhitespace = " \t\r\n";
  const std::size_t begin = text.find_first_not_of(kWhitespace);
  if (begin == std::string_view::npos) return {};
  return text.substr(begin, text.find_last_not_of(kWhitespace) - begin + 1);
}

}  // namespace

std::size_t ResponseCollector::OnBody(char* data, std::size_t size, std::size_t count,
                                      void* self) noexcept {
  const std::size_t bytes = size * count;  // curl guarantees size == 1
  try {
    return static_cast<ResponseCollector*>(self)->AppendBody({data, bytes}) ? bytes : 0;
  } catch (...) {
    return 0;  // out of memory: abort the transfer, never unwind through curl
  }
}

std::size_t ResponseCollector::OnHeaderLine(char* data, std::size_t size, std::size_t count,
                                            void* self) noexcept {
  const std::size_t bytes = size * count;
  try {
    static_cast<ResponseCollector*>(self)->AddHeaderLine({data, bytes});
    return bytes;
  } catch (...) {
    return 0;
  }
}

bool ResponseCollector::AppendBody(std::string_view data) {
  if (data.size() > max_body_bytes_ - body_.size()) {
    body_too_large_ = true;
    return false;
  }
  body_.append(data);
  return true;
}

Headers ResponseCollector::TakeHeaders() {
  Headers headers;
  for (HeaderField& field : fields_) headers.Add(std::move(field.name), std::move(field.value));
  fields_.clear();
  return headers;
}

// curl hands over every header line of every response it reads, status lines included: a 100
// Continue (or a proxy's CONNECT answer) comes before the final response, trailers after it.
void ResponseCollector::AddHeaderLine(std::string_view line) {
  if (line.starts_with("HTTP/")) {
    fields_.clear();  // a new response begins: forget the interim one
    return;
  }
  if (line.starts_with(' ') || line.starts_with('\t')) {
    // Obsolete line folding (RFC 9112 section 5.2): the line continues the previous value.
    const std::string_view continuation = TrimWhitespace(line);
    if (!fields_.empty() && !continuation.empty()) (fields_.back().value += ' ') += continuation;
    return;
  }
  const std::size_t colon = line.find(':');
  if (colon == std::string_view::npos) return;  // the blank line that ends the block
  fields_.push_back({std::string(TrimWhitespace(line.substr(0, colon))),
                     std::string(TrimWhitespace(line.substr(colon + 1)))});
}

}  // namespace veil::http::internal
