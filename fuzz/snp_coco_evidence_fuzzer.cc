// libFuzzer target: CoCo's JSON form of SEV-SNP evidence (attestation_report fields and
// cert_chain), rebuilt into the 1184-byte report, which must then parse.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "veil/evidence/snp/coco_json.h"
#include "veil/evidence/snp/report.h"
#include "veil/json/parse.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  auto json = veil::json::ParseJson(std::string_view(reinterpret_cast<const char*>(data), size));
  if (!json) return 0;
  auto evidence = veil::evidence::snp::ParseCocoSnpEvidence(*json);
  if (evidence) (void)veil::evidence::snp::ParseReport(evidence->report);
  return 0;
}
