// libFuzzer target: the AK public-area parsers (TPMT_PUBLIC, TPM2B_PUBLIC and the either-form
// entry point) must never crash.
#include <cstddef>
#include <cstdint>

#include "veil/evidence/tpm/public_area.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  namespace tpm = veil::evidence::tpm;
  const veil::ByteSpan bytes(data, size);
  (void)tpm::ParsePublicArea(bytes);
  (void)tpm::ParseTpmtPublic(bytes);
  (void)tpm::ParseTpm2bPublic(bytes);
  return 0;
}
