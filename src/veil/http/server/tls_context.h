#pragma once
// Internal: the server context built from PEM files: TLS 1.3 only, or 1.2 and 1.3 when
// files.min_version says so.

#include <boost/asio/ssl/context.hpp>
#include <memory>

#include "veil/base/result.h"
#include "veil/http/server/server_options.h"

namespace veil::http::internal {

// kInvalidArgument naming the file when the chain or key cannot be read, or when the key does
// not match the leaf certificate.
Result<std::unique_ptr<boost::asio::ssl::context>> MakeTlsServerContext(const TlsFiles& files);

}  // namespace veil::http::internal
