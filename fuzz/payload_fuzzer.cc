// libFuzzer target: the encrypted-payload layout and the tar reader behind it must never crash,
// hang or read out of bounds, whatever bytes an untrusted host puts in the payload file (or, after
// a key compromise, in the bundle).
#include <cstddef>
#include <cstdint>

#include "veil/payload/payload.h"
#include "veil/payload/tar/reader.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const veil::ByteSpan bytes(data, size);
  (void)veil::payload::ReadPayloadHeader(bytes);
  veil::payload::tar::TarReader reader(bytes);
  for (int entries = 0; entries < 1000; ++entries) {
    auto entry = reader.Next();
    if (!entry || !*entry) break;
  }
  return 0;
}
