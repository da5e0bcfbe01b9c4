// libFuzzer target: the SEV-SNP extended-report certificate table (configfs-tsm auxblob); what it
// accepts must encode again and parse back to the same entries.
#include <cstddef>
#include <cstdint>

#include "veil/base/result.h"
#include "veil/evidence/snp/cert_table.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  namespace snp = veil::evidence::snp;
  auto entries = snp::ParseCertTable(veil::ByteSpan(data, size));
  if (!entries) return 0;
  auto encoded = snp::EncodeCertTable(*entries);
  VEIL_CHECK(encoded.has_value());
  auto again = snp::ParseCertTable(*encoded);
  VEIL_CHECK(again.has_value() && again->size() == entries->size());
  for (std::size_t i = 0; i < entries->size(); ++i) {
    VEIL_CHECK((*again)[i].type == (*entries)[i].type && (*again)[i].der == (*entries)[i].der);
  }
  return 0;
}
