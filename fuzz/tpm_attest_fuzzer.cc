// libFuzzer target: the TPM quote parsers (TPMS_ATTEST and TPMT_SIGNATURE) must never crash,
// and whatever they accept must describe itself without crashing either.
#include <cstddef>
#include <cstdint>

#include "veil/evidence/tpm/attest.h"
#include "veil/evidence/tpm/signature.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  namespace tpm = veil::evidence::tpm;
  const veil::ByteSpan bytes(data, size);
  if (auto quote = tpm::ParseQuoteAttest(bytes)) {
    (void)quote->pcr_select.ToString();
    (void)quote->pcr_select.PcrCount();
  }
  if (auto signature = tpm::ParseSignature(bytes)) {
    (void)tpm::SignatureSchemeName(signature->scheme);
  }
  return 0;
}
