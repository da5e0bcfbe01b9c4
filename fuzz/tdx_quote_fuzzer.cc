// libFuzzer target: the Intel TDX DCAP quote parser (v4, v5 with TD 1.0 and TD 1.5 bodies, and the
// shared evidence/dcap pieces it uses) must never crash, and whatever it accepts must account for
// every input byte: signed part ‖ size field ‖ signature data ‖ trailing bytes.
#include <cstddef>
#include <cstdint>
#include <cstdlib>

#include "veil/evidence/tdx/quote.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  namespace tdx = veil::evidence::tdx;
  const veil::ByteSpan bytes(data, size);
  auto quote = tdx::ParseQuote(bytes);
  if (!quote) return 0;
  const auto& qe = quote->signature_data.qe_certification;
  const std::size_t signature_data = 64 + 64 + 6 + qe.qe_report_bytes.size() + 64 + 2 +
                                     qe.qe_auth_data.size() + 6 + qe.pck_chain_pem.size();
  if (tdx::SignedPart(bytes, *quote).size() + 4 + signature_data + quote->trailing_bytes != size)
    std::abort();
  if (quote->body.td15.has_value() != (quote->body_type == tdx::kBodyTypeTd15)) std::abort();
  return 0;
}
