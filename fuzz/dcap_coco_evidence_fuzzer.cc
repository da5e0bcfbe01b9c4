// libFuzzer target: CoCo's JSON forms of Intel TDX evidence ({"quote", "cc_eventlog"}) and SGX
// evidence ({"quote"}), read as the trustee reads them; a quote that comes out must then parse
// (or be refused) as the quote of that TEE.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "veil/evidence/sgx/coco_json.h"
#include "veil/evidence/sgx/quote.h"
#include "veil/evidence/tdx/coco_json.h"
#include "veil/evidence/tdx/quote.h"
#include "veil/json/parse.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  auto json = veil::json::ParseJson(std::string_view(reinterpret_cast<const char*>(data), size));
  if (!json) return 0;
  if (auto tdx = veil::evidence::tdx::ParseCocoTdxEvidence(*json)) {
    (void)veil::evidence::tdx::ParseQuote(tdx->quote);
    (void)veil::evidence::tdx::ToCocoTdxEvidence(tdx->quote, tdx->cc_eventlog);
  }
  if (auto sgx = veil::evidence::sgx::ParseCocoSgxEvidence(*json)) {
    (void)veil::evidence::sgx::ParseQuote(sgx->quote);
    (void)veil::evidence::sgx::ToCocoSgxEvidence(sgx->quote);
  }
  return 0;
}
