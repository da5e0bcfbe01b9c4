#pragma once
// A complete HTTP request as the server hands it to a Handler.

#include <string>

#include "veil/http/message/headers.h"

namespace veil::http {

struct Request {
  std::string method;  // as sent (case-sensitive token), e.g. "GET"
  std::string path;    // the target before '?', as sent (not percent-decoded); starts with '/',
                       // has no "." or ".." segment
  std::string query;   // the target after '?' (without it); empty when there is none
  Headers headers;
  std::string body;  // always the whole body: a handler never sees a partial one
  std::string peer;  // the client's "address:port" ("[v6]:port" for IPv6)
};

}  // namespace veil::http
