// libFuzzer target: the "primary_evidence" JSON of an /attest request appraised as the trustee
// does it (AppraiseTeeEvidence) for every TEE it accepts: SNP, TPM and sample CoCo shapes, and
// the TDX and SGX shapes up to the missing DCAP collateral.
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

#include "veil/base/clock.h"
#include "veil/initdata/init_data.h"
#include "veil/json/parse.h"
#include "veil/kbs/tee_evidence.h"
#include "veil/protocol/tee_kind.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using veil::protocol::TeeKind;
  auto evidence =
      veil::json::ParseJson(std::string_view(reinterpret_cast<const char*>(data), size));
  if (!evidence) return 0;
  // Inside the validity windows of the fixtures' certificates (../shared/fixtures/snp/README.md).
  static const veil::FixedClock kClock(veil::TimePoint(std::chrono::seconds(1735689600)));
  static const std::optional<veil::initdata::InitData> kNoInitData;
  const veil::Bytes report_data(64, 0);
  for (TeeKind tee :
       {TeeKind::kSnp, TeeKind::kTpm, TeeKind::kSample, TeeKind::kTdx, TeeKind::kSgx}) {
    (void)veil::kbs::AppraiseTeeEvidence({tee, *evidence, report_data, kNoInitData, kClock});
  }
  return 0;
}
