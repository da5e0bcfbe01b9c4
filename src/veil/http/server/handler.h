#pragma once
// The application's entry point: called on a server thread, possibly on several threads at once,
// so it must be thread-safe. An exception escaping it becomes a 500 (and is reported in the
// access log entry); it never reaches the server's threads.

#include <functional>

#include "veil/http/message/request.h"
#include "veil/http/message/response.h"

namespace veil::http {

using Handler = std::function<Response(const Request&)>;

}  // namespace veil::http
