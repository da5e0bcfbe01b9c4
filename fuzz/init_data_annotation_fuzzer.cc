// libFuzzer target: the Kata cc_init_data annotation (base64 of gzip), inflated within its bound;
// what decodes must encode and decode back to itself.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "veil/initdata/annotation.h"
#include "veil/initdata/init_data.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto toml = veil::initdata::DecodeAnnotation(text);
  if (!toml) return 0;
  const auto again = veil::initdata::DecodeAnnotation(veil::initdata::EncodeAnnotation(*toml));
  VEIL_CHECK(again && *again == *toml);
  (void)veil::initdata::ParseInitData(*toml);
  return 0;
}
