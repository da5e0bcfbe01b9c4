#include "veil/workload_ca/pem.h"

#include "veil/base/base64.h"

namespace veil::workload_ca {

std::string PemBlock(std::string_view label, ByteSpan der) {
  const std::string base64 = Base64Encode(der);
  std::string pem = "-----BEGIN " + std::string(label) + "-----\n";
  for (std::size_t at = 0; at < base64.size(); at += 64) pem += base64.substr(at, 64) + "\n";
  return pem + "-----END " + std::string(label) + "-----\n";
}

}  // namespace veil::workload_ca
