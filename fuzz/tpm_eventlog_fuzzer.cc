// libFuzzer target: the TCG PC Client event log parser; whatever it accepts must yield boot claims
// or a clean refusal, and replay without reading past any event list.
#include <cstddef>
#include <cstdint>

#include "veil/appraisal/tpm_eventlog/replay.h"
#include "veil/evidence/tpm_eventlog/boot_claims.h"
#include "veil/evidence/tpm_eventlog/event_log.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  namespace el = veil::evidence::tpm_eventlog;
  auto log = el::ParseEventLog(veil::ByteSpan(data, size));
  if (!log) return 0;
  (void)el::ExtractBootClaims(*log);
  for (const auto& bank : veil::appraisal::tpm_eventlog::ReplayEventLog(*log)) {
    for (const auto& [pcr, replay] : bank.pcrs) {
      if (replay.event_indexes.empty() || replay.event_indexes.back() >= log->events.size()) {
        __builtin_trap();  // every replayed PCR has events, all of them in the log
      }
    }
  }
  return 0;
}
