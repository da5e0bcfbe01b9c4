// libFuzzer target: the TCG PC Client event log parser, read both as a TPM log and as a TDX CCEL
// log area (ParseCcEventLog); whatever it accepts must yield boot claims or a clean refusal, and
// replay without reading past any event list.
#include <cstddef>
#include <cstdint>

#include "veil/appraisal/tpm_eventlog/replay.h"
#include "veil/evidence/tpm_eventlog/boot_claims.h"
#include "veil/evidence/tpm_eventlog/event_log.h"

namespace {

namespace el = veil::evidence::tpm_eventlog;

void Check(const veil::Result<el::EventLog>& log, std::size_t size) {
  if (!log) return;
  if (log->used_bytes > size) __builtin_trap();  // the records lie inside the input
  (void)el::ExtractBootClaims(*log);
  for (const auto& bank : veil::appraisal::tpm_eventlog::ReplayEventLog(*log)) {
    for (const auto& [pcr, replay] : bank.pcrs) {
      if (replay.event_indexes.empty() || replay.event_indexes.back() >= log->events.size()) {
        __builtin_trap();  // every replayed PCR has events, all of them in the log
      }
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const veil::ByteSpan bytes(data, size);
  Check(el::ParseEventLog(bytes), size);
  Check(el::ParseCcEventLog(bytes), size);
  return 0;
}
