// libFuzzer target: MSG_REPORT_RSP as the agent reads it from /dev/sev-guest; the report it
// carries must then parse or be refused.
#include <cstddef>
#include <cstdint>

#include "veil/agent/attester/tsm/report_response.h"
#include "veil/evidence/snp/report.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  auto report = veil::agent::tsm::ParseReportResponse(veil::ByteSpan(data, size));
  if (report) (void)veil::evidence::snp::ParseReport(*report);
  return 0;
}
