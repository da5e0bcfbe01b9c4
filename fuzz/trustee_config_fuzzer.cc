// libFuzzer target: the trustee's TOML configuration (ParseTrusteeConfig; paths are only
// resolved against a base directory, never opened).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "veil/trustee/config.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  (void)veil::trustee::ParseTrusteeConfig(
      std::string_view(reinterpret_cast<const char*>(data), size), "/etc/veil");
  return 0;
}
