#include "veil/appraisal/tpm_eventlog/replay.h"

#include "veil/appraisal/tpm_eventlog/extend.h"
#include "veil/evidence/tpm_eventlog/event_type.h"

namespace veil::appraisal::tpm_eventlog {

namespace el = evidence::tpm_eventlog;
namespace tpm = evidence::tpm;

Bytes InitialPcrValue(const el::EventLog& log, tpm::HashAlg hash, std::uint32_t pcr) {
  const std::size_t size = tpm::HashAlgDigestSize(hash);
  if (log.registers == el::RegisterSpace::kCcMr) return Bytes(size, 0);
  if (pcr >= 17 && pcr <= 22) return Bytes(size, 0xFF);
  Bytes value(size, 0);
  if (pcr == 0 && (log.startup_locality == 3 || log.startup_locality == 4)) {
    value.back() = log.startup_locality;
  }
  return value;
}

std::vector<BankReplay> ReplayEventLog(const el::EventLog& log) {
  std::vector<BankReplay> banks;
  for (std::uint16_t alg_id : log.Banks()) {
    auto hash = tpm::HashAlgFromId(alg_id, "event log bank");
    if (!hash) continue;  // not hashable here (SM3): documented in the header
    BankReplay bank;
    bank.hash = *hash;
    for (const el::Event& event : log.events) {
      if (event.type == el::kEvNoAction) continue;
      const Bytes* digest = event.DigestFor(alg_id);
      if (digest == nullptr) continue;  // the parser requires every bank; kept for safety
      auto [it, inserted] = bank.pcrs.try_emplace(event.pcr);
      if (inserted) it->second.value = InitialPcrValue(log, *hash, event.pcr);
      it->second.value = Extend(*hash, it->second.value, *digest);
      it->second.event_indexes.push_back(event.index);
    }
    banks.push_back(std::move(bank));
  }
  return banks;
}

}  // namespace veil::appraisal::tpm_eventlog
