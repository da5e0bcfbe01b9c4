// libFuzzer target: reference-value documents (YAML or JSON) given to ParseReferenceValues.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "veil/policy/reference_values.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  (void)veil::policy::ParseReferenceValues(
      std::string_view(reinterpret_cast<const char*>(data), size));
  return 0;
}
