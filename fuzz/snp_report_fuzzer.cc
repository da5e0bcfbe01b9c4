// libFuzzer target: the SEV-SNP ATTESTATION_REPORT parser and the packed-field decoders
// (guest policy, platform info, TCB version) of whatever report it accepts must never crash.
#include <cstddef>
#include <cstdint>

#include "veil/evidence/snp/guest_policy.h"
#include "veil/evidence/snp/report.h"
#include "veil/evidence/snp/tcb_version.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  namespace snp = veil::evidence::snp;
  auto report = snp::ParseReport(veil::ByteSpan(data, size));
  if (report) {
    (void)snp::DecodeGuestPolicy(report->policy);
    (void)snp::DecodePlatformInfo(report->platform_info);
    (void)snp::DecodeTcbVersion(report->reported_tcb, snp::Product::kMilan);
    (void)snp::DecodeTcbVersion(report->reported_tcb, snp::Product::kTurin);
  }
  return 0;
}
