// libFuzzer target: CoCo sample evidence JSON parsing must never crash or throw.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "veil/evidence/sample/sample_evidence.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  (void)veil::evidence::sample::ParseSampleEvidence(
      std::string_view(reinterpret_cast<const char*>(data), size));
  return 0;
}
