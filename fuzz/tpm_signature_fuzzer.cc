// libFuzzer target: the TPMT_SIGNATURE parser (RSASSA, RSA-PSS, ECDSA) that reads tpm2_quote -s.
#include <cstddef>
#include <cstdint>

#include "veil/evidence/tpm/signature.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  namespace tpm = veil::evidence::tpm;
  if (auto signature = tpm::ParseSignature(veil::ByteSpan(data, size))) {
    (void)tpm::SignatureSchemeName(signature->scheme);
  }
  return 0;
}
