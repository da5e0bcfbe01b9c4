#include "veil/crypto/openssl_error.h"

#include <openssl/err.h>

namespace veil::crypto {

std::string DrainOpensslErrors() {
  std::string joined;
  while (const unsigned long code = ERR_get_error()) {
    char buffer[256];
    ERR_error_string_n(code, buffer, sizeof buffer);
    if (!joined.empty()) joined += "; ";
    joined += buffer;
  }
  return joined;
}

Error OpensslError(ErrorCode code, std::string_view what) {
  std::string message(what);
  const std::string details = DrainOpensslErrors();
  if (!details.empty()) message += " (" + details + ")";
  return Error{code, std::move(message), {}};
}

}  // namespace veil::crypto
