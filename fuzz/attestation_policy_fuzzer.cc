// libFuzzer target: attestation policy documents (YAML or JSON) as the admin API and the
// trustee's data directory hand them to ParseAttestationPolicy.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "veil/policy/attestation_policy.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  (void)veil::policy::ParseAttestationPolicy(
      std::string_view(reinterpret_cast<const char*>(data), size));
  return 0;
}
