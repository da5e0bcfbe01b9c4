// libFuzzer target: the SGX extension of a PCK certificate (endorsement/intel); any input is
// either refused or yields values inside their ranges (the SGX type is one Intel defines).
#include <cstddef>
#include <cstdint>

#include "veil/endorsement/intel/sgx_extensions.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  namespace intel = veil::endorsement::intel;
  auto extensions = intel::ParseSgxExtensions(veil::ByteSpan(data, size));
  if (!extensions) return 0;
  VEIL_CHECK(intel::SgxTypeName(extensions->sgx_type) != "?");
  return 0;
}
