// libFuzzer target: the tar reader behind the decrypted workload bundle (GNU, ustar, pax), the
// pax record parser and the entry-path check every archived name goes through before extraction.
#include <cstddef>
#include <cstdint>

#include "veil/payload/tar/entry_path.h"
#include "veil/payload/tar/pax_records.h"
#include "veil/payload/tar/reader.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  namespace tar = veil::payload::tar;
  const veil::ByteSpan bytes(data, size);
  (void)tar::ParsePaxRecords(bytes);
  tar::TarReader reader(bytes);
  for (int entries = 0; entries < 1000; ++entries) {
    auto entry = reader.Next();
    if (!entry || !*entry) break;
    if (auto path = tar::ParseEntryPath((*entry)->name)) (void)path->str();
    (void)tar::QuoteName((*entry)->name);
  }
  return 0;
}
