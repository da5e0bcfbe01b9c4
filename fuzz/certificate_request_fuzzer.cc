// libFuzzer target: PKCS#10 certificate requests as the workload CA receives them (PEM in a JSON
// body), and as DER; every accessor runs on what parses.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "veil/crypto/certificate_request.h"

namespace {

void Exercise(const veil::crypto::CertificateRequest& request) {
  (void)request.VerifySelfSignature();
  (void)request.public_key();
  (void)request.subject_alt_names();
  (void)request.Subject();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  if (auto request = veil::crypto::CertificateRequest::ParsePem(text)) Exercise(*request);
  if (auto request = veil::crypto::CertificateRequest::ParseDer({data, size})) Exercise(*request);
  return 0;
}
