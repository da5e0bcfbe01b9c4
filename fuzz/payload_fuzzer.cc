// libFuzzer target: the framing of an encrypted workload payload file and its header; a header
// the strict parser accepts must be the canonical serialization of what it parsed.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "veil/base/result.h"
#include "veil/payload/payload.h"
#include "veil/payload/payload_header.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const veil::ByteSpan bytes(data, size);
  (void)veil::payload::ReadPayloadHeader(bytes);
  auto header = veil::payload::ParsePayloadHeader(bytes);
  if (!header) return 0;
  auto serialized = veil::payload::SerializePayloadHeader(*header);
  VEIL_CHECK(serialized.has_value() &&
             *serialized == std::string_view(reinterpret_cast<const char*>(data), size));
  return 0;
}
