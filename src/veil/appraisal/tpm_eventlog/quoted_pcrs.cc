#include "veil/appraisal/tpm_eventlog/quoted_pcrs.h"

#include <string>

#include "veil/appraisal/tpm_eventlog/extend.h"
#include "veil/appraisal/tpm_eventlog/replay.h"
#include "veil/base/hex.h"
#include "veil/evidence/tpm_eventlog/event_type.h"

namespace veil::appraisal::tpm_eventlog {
namespace {

namespace el = evidence::tpm_eventlog;
namespace tpm = evidence::tpm;

constexpr std::size_t kMaxListedEvents = 16;

// "sha256 PCR 7" for a TPM log; for a CC event log the TDX name of the MR, "RTMR0 (MR 1)"
// (the only CC logs Veil replays are TDX's).
std::string RegisterName(const el::EventLog& log, tpm::HashAlg hash, std::uint32_t pcr) {
  if (log.registers == el::RegisterSpace::kCcMr) {
    return (pcr == 0 ? std::string("MRTD") : "RTMR" + std::to_string(pcr - 1)) + " (MR " +
           std::to_string(pcr) + ")";
  }
  return std::string(tpm::HashAlgName(hash)) + " PCR " + std::to_string(pcr);
}

// How an event's register is named beside its type: "PCR 7", "MR 1".
std::string EventRegister(const el::EventLog& log, const el::Event& event) {
  return (log.registers == el::RegisterSpace::kCcMr ? "MR " : "PCR ") + std::to_string(event.pcr);
}

std::string Describe(const el::Event& event) {
  return "event " + std::to_string(event.index) + " (" + el::EventTypeName(event.type) + ")";
}

// Diagnosis 1: an event whose digest must be the hash of its data, and is not.
std::optional<std::string> DataDigestMismatch(const el::EventLog& log, tpm::HashAlg hash,
                                              const PcrReplay& replay) {
  for (std::size_t index : replay.event_indexes) {
    const el::Event& event = log.events[index];
    const Bytes* logged = event.DigestFor(tpm::HashAlgId(hash));
    const std::optional<Bytes> expected = ExpectedDigestOfData(event, hash);
    if (logged == nullptr || !expected || *expected == *logged) continue;
    return "event " + std::to_string(event.index) + " (" + el::EventTypeName(event.type) + ", " +
           EventRegister(log, event) + ") diverges: its " + std::string(tpm::HashAlgName(hash)) +
           " digest " + HexEncode(*logged) + " is not the digest of its data " +
           HexEncode(*expected);
  }
  return std::nullopt;
}

// Diagnosis 2: the quoted value equals the PCR after a prefix of its events.
std::optional<std::string> PrefixMatch(const el::EventLog& log, tpm::HashAlg hash,
                                       std::uint32_t pcr, const PcrReplay& replay,
                                       const Bytes& quoted) {
  Bytes value = InitialPcrValue(log, hash, pcr);
  for (std::size_t i = 0; i < replay.event_indexes.size(); ++i) {
    const std::string after =
        i == 0 ? "before any event" : "after " + Describe(log.events[replay.event_indexes[i - 1]]);
    if (value == quoted) {
      return "the quoted value is the log's value " + after +
             "; the first event the quote does not include is " +
             Describe(log.events[replay.event_indexes[i]]);
    }
    value =
        Extend(hash, value, *log.events[replay.event_indexes[i]].DigestFor(tpm::HashAlgId(hash)));
  }
  return std::nullopt;
}

// Diagnosis 3: the PCR's events, for a human to look at.
std::string EventList(const el::EventLog& log, const PcrReplay& replay) {
  const std::vector<std::size_t>& indexes = replay.event_indexes;
  std::string text = "no prefix of its " + std::to_string(indexes.size()) +
                     " events reproduces the quoted value; the last event extended into it is " +
                     Describe(log.events[indexes.back()]) + "; its events:";
  for (std::size_t i = 0; i < indexes.size() && i < kMaxListedEvents; ++i) {
    const el::Event& event = log.events[indexes[i]];
    text +=
        (i == 0 ? " " : ", ") + std::to_string(event.index) + " " + el::EventTypeName(event.type);
  }
  if (indexes.size() > kMaxListedEvents) {
    text += ", and " + std::to_string(indexes.size() - kMaxListedEvents) + " more";
  }
  return text;
}

Error Mismatch(const el::EventLog& log, tpm::HashAlg hash, std::uint32_t pcr,
               const PcrReplay& replay, const Bytes& quoted) {
  std::string message = RegisterName(log, hash, pcr) + ": the log replays to " +
                        HexEncode(replay.value) + ", the quote has " + HexEncode(quoted) + "; ";
  if (auto diagnosis = DataDigestMismatch(log, hash, replay)) {
    message += *diagnosis;
  } else if (auto prefix = PrefixMatch(log, hash, pcr, replay, quoted)) {
    message += *prefix;
  } else {
    message += EventList(log, replay);
  }
  return VerificationFailed(std::move(message));
}

std::string BankNames(const std::vector<std::string>& names) {
  std::string text;
  for (const std::string& name : names) text += (text.empty() ? "" : ", ") + name;
  return text.empty() ? "none" : text;
}

}  // namespace

Result<ReplayCheck> CheckAgainstQuotedPcrs(const el::EventLog& log, const tpm::PcrValues& quoted) {
  ReplayCheck check;
  std::vector<std::string> log_banks;
  bool common_bank = false;
  for (const BankReplay& bank : ReplayEventLog(log)) {
    log_banks.emplace_back(tpm::HashAlgName(bank.hash));
    const auto quoted_bank = quoted.find(bank.hash);
    if (quoted_bank == quoted.end()) continue;
    common_bank = true;
    for (const auto& [pcr, replay] : bank.pcrs) {
      const auto value = quoted_bank->second.find(pcr);
      if (value == quoted_bank->second.end()) {
        check.not_quoted.push_back({bank.hash, pcr});
        continue;
      }
      if (value->second != replay.value) {
        return Fail(Mismatch(log, bank.hash, pcr, replay, value->second));
      }
      check.matched.push_back({bank.hash, pcr});
    }
  }
  if (!common_bank) {
    std::vector<std::string> quote_banks;
    for (const auto& [hash, values] : quoted) quote_banks.emplace_back(tpm::HashAlgName(hash));
    return Fail(VerificationFailed(
        "the quote has no PCR bank the event log carries (log: " + BankNames(log_banks) +
        "; quote: " + BankNames(quote_banks) + ")"));
  }
  if (check.matched.empty()) {
    return Fail(VerificationFailed(
        "the quote has none of the PCRs the event log extends, so nothing was compared"));
  }
  return check;
}

}  // namespace veil::appraisal::tpm_eventlog
