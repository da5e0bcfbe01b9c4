// libFuzzer target: resource policy documents (YAML or JSON) given to ParseResourcePolicy.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "veil/policy/resource_policy.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  (void)veil::policy::ParseResourcePolicy(
      std::string_view(reinterpret_cast<const char*>(data), size));
  return 0;
}
