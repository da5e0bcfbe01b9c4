// libFuzzer target: the init-data TOML document (version, algorithm, [data]) and the values it
// binds into SNP HOST_DATA and TPM PCR 8.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "veil/initdata/init_data.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  auto init_data =
      veil::initdata::ParseInitData(std::string_view(reinterpret_cast<const char*>(data), size));
  if (!init_data) return 0;
  (void)veil::initdata::InitDataFieldValue(*init_data, 32);
  (void)veil::initdata::InitDataFieldValue(*init_data, 64);
  (void)veil::initdata::InitDataTpmPcr8(*init_data);
  return 0;
}
