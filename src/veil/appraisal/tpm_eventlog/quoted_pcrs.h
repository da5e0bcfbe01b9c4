#pragma once
// Checks a replayed event log against the PCR values of a (separately verified) quote.
//
// Compared: every (bank, PCR) that the log extends at least once and the quote has a value for.
// PCRs the log never extends (IMA's PCR 10, application PCRs) are not the log's business and are
// not compared; PCRs the log extends that the quote leaves out are listed as not quoted.
//
// On the first mismatch — banks in the log's order, PCRs ascending — the error
// (kVerificationFailed) reads "<bank> PCR <n>: the log replays to <hex>, the quote has <hex>; "
// followed by the most precise of these diagnoses, tried in this order:
//  1. "event I (TYPE, PCR n) diverges: its <bank> digest <hex> is not the digest of its data
//     <hex>" — the first event of that PCR whose digest is defined as the hash of its own data
//     (EV_SEPARATOR, EV_ACTION, EV_EFI_ACTION, EV_EFI_VARIABLE_DRIVER_CONFIG) and does not match
//     it;
//  2. "the quoted value is the log's value after event I (TYPE) [or: before any event]; the
//     first event the quote does not include is event J (TYPE)" — a prefix of that PCR's events
//     reproduces the quote, so the log runs on past what the TPM holds;
//  3. "no prefix of its K events reproduces the quoted value; the last event extended into it is
//     event I (TYPE); its events: I1 TYPE, I2 TYPE, ..." — digests alone cannot say which event
//     was altered (at most 16 events listed, then "and N more").
// For a CC event log (EventLog::registers kCcMr; `quoted` holds the RTMRs as sha384 "PCRs" 1..4)
// the register is named "RTMR<n-1> (MR <n>)" instead of "<bank> PCR <n>", and an event's
// register "MR n" instead of "PCR n".

#include <cstdint>
#include <utility>
#include <vector>

#include "veil/base/result.h"
#include "veil/evidence/tpm/pcr_values.h"
#include "veil/evidence/tpm_eventlog/event_log.h"

namespace veil::appraisal::tpm_eventlog {

struct PcrRef {
  evidence::tpm::HashAlg hash = evidence::tpm::HashAlg::kSha256;
  std::uint32_t pcr = 0;
  friend bool operator==(const PcrRef&, const PcrRef&) = default;
};

struct ReplayCheck {
  std::vector<PcrRef> matched;     // compared and equal, banks in log order, PCRs ascending
  std::vector<PcrRef> not_quoted;  // extended by the log, absent from the quote
};

// kVerificationFailed on the first mismatch (message above), or when the quote and the log have
// no hashable bank in common, or when nothing could be compared.
Result<ReplayCheck> CheckAgainstQuotedPcrs(const evidence::tpm_eventlog::EventLog& log,
                                           const evidence::tpm::PcrValues& quoted);

}  // namespace veil::appraisal::tpm_eventlog
