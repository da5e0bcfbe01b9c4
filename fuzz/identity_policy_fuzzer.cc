// libFuzzer target: identity policy documents (YAML or JSON) given to ParseIdentityPolicy.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "veil/policy/identity_policy.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  (void)veil::policy::ParseIdentityPolicy(
      std::string_view(reinterpret_cast<const char*>(data), size));
  return 0;
}
