// libFuzzer target: Intel DCAP collateral text (endorsement/intel) — the dcap-qvl one-file JSON,
// and the same bytes as a PCS TCB Info or enclave identity response. A signed body that is split
// out must be a substring of the input (the exact served bytes), and parse or be refused.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "veil/endorsement/intel/collateral_json.h"
#include "veil/endorsement/intel/qe_identity.h"
#include "veil/endorsement/intel/signed_json.h"
#include "veil/endorsement/intel/tcb_info.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  namespace intel = veil::endorsement::intel;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  (void)intel::ParseCollateralJson(text, "fuzz");  // refused or loaded: both are fine
  if (auto tcb = intel::SplitSignedJson(text, "tcbInfo")) {
    VEIL_CHECK(text.find(tcb->body) != std::string_view::npos);
    (void)intel::ParseTcbInfo(tcb->body);  // parsing is what is fuzzed; the verdict is not
  }
  if (auto identity = intel::SplitSignedJson(text, "enclaveIdentity")) {
    VEIL_CHECK(text.find(identity->body) != std::string_view::npos);
    (void)intel::ParseQeIdentity(identity->body);
  }
  return 0;
}
