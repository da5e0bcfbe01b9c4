// libFuzzer target: the TPMS_ATTEST quote parser; whatever it accepts must describe its PCR
// selection without crashing.
#include <cstddef>
#include <cstdint>

#include "veil/evidence/tpm/attest.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  namespace tpm = veil::evidence::tpm;
  if (auto quote = tpm::ParseQuoteAttest(veil::ByteSpan(data, size))) {
    (void)quote->pcr_select.ToString();
    (void)quote->pcr_select.PcrCount();
  }
  return 0;
}
