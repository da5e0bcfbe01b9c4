// libFuzzer target: the SEV-SNP report parser, the packed-field decoders and the extended-report
// certificate table parser must never crash.
#include <cstddef>
#include <cstdint>

#include "veil/evidence/snp/cert_table.h"
#include "veil/evidence/snp/guest_policy.h"
#include "veil/evidence/snp/report.h"
#include "veil/evidence/snp/tcb_version.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  namespace snp = veil::evidence::snp;
  (void)snp::ParseCertTable(veil::ByteSpan(data, size));
  auto report = snp::ParseReport(veil::ByteSpan(data, size));
  if (report) {
    (void)snp::DecodeGuestPolicy(report->policy);
    (void)snp::DecodePlatformInfo(report->platform_info);
    (void)snp::DecodeTcbVersion(report->reported_tcb, snp::Product::kTurin);
  }
  return 0;
}
