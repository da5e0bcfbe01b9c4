// libFuzzer target: a Kubernetes manifest (multi-document YAML) through `veil pod seal`. What
// seals must seal again to the same bytes (kubernetes/seal.h's contract).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "veil/kubernetes/seal.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size > (64u << 10)) return 0;  // yaml-cpp's parser is recursive; keep inputs manifest-sized
  const veil::kubernetes::SealOptions options{
      "kata-qemu-snp", "version = \"0.1.0\"\nalgorithm = \"sha256\"\n", nullptr};
  auto sealed = veil::kubernetes::SealManifest(
      std::string_view(reinterpret_cast<const char*>(data), size), options);
  if (!sealed) return 0;
  auto again = veil::kubernetes::SealManifest(sealed->yaml, options);
  VEIL_CHECK(again && again->yaml == sealed->yaml);
  return 0;
}
