// libFuzzer target: the body of POST /kbs/v0/auth as the trustee parses it (ParseAuthRequest).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "veil/kbs/attestation_request.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  (void)veil::kbs::ParseAuthRequest(std::string_view(reinterpret_cast<const char*>(data), size));
  return 0;
}
