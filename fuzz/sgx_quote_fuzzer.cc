// libFuzzer target: the Intel SGX DCAP quote v3 parser (and the shared evidence/dcap pieces it
// uses) must never crash, and whatever it accepts must account for every input byte: signed part
// ‖ size field ‖ signature data ‖ trailing bytes.
#include <cstddef>
#include <cstdint>
#include <cstdlib>

#include "veil/evidence/sgx/quote.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  namespace sgx = veil::evidence::sgx;
  const veil::ByteSpan bytes(data, size);
  auto quote = sgx::ParseQuote(bytes);
  if (!quote) return 0;
  const auto& qe = quote->signature_data.qe_certification;
  const std::size_t signature_data = 64 + 64 + qe.qe_report_bytes.size() + 64 + 2 +
                                     qe.qe_auth_data.size() + 6 + qe.pck_chain_pem.size();
  if (sgx::SignedPart(bytes, *quote).size() + 4 + signature_data + quote->trailing_bytes != size)
    std::abort();
  return 0;
}
