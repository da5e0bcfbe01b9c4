#pragma once
// Replays a parsed PC Client event log into the PCR values it implies, one bank per digest
// algorithm the log carries (TCG PC Client Platform Firmware Profile 1.06 rev 52, section 10:
// every extending event is TPM2_PCR_Extend(PCR, digest), PCR_new = H(PCR_old || digest)).
//  * EV_NO_ACTION events are not extended (PFP 10.4.5).
//  * Start values at TPM2_Startup: zeros, except PCR 0 = 0x00..0L when the log's StartupLocality
//    event says locality L is 3 or 4, and PCRs 17-22 = all 0xFF (the DRTM PCRs, which an SRTM
//    firmware log does not reset).
//  * A CC event log (EventLog::registers kCcMr) extends CC measurement registers the same way
//    (UEFI 2.10, 38.4.1; TDX RTMRs: RTMR = SHA-384(RTMR || digest)); they all start at zero.
//  * Banks whose algorithm Veil cannot hash (anything but SHA-1/256/384/512, e.g. SM3) are left
//  out.

#include <cstddef>
#include <cstdint>
#include <map>
#include <vector>

#include "veil/base/bytes.h"
#include "veil/evidence/tpm/marshal.h"
#include "veil/evidence/tpm_eventlog/event_log.h"

namespace veil::appraisal::tpm_eventlog {

struct PcrReplay {
  Bytes value;                             // after the last extending event
  std::vector<std::size_t> event_indexes;  // the events extended into it, in log order
};

struct BankReplay {
  evidence::tpm::HashAlg hash = evidence::tpm::HashAlg::kSha256;
  std::map<std::uint32_t, PcrReplay> pcrs;  // only the PCRs at least one event extends
};

// Bytes the PCR holds right after TPM2_Startup (see above).
Bytes InitialPcrValue(const evidence::tpm_eventlog::EventLog& log, evidence::tpm::HashAlg hash,
                      std::uint32_t pcr);

// One BankReplay per hashable bank, in the order the log lists them.
std::vector<BankReplay> ReplayEventLog(const evidence::tpm_eventlog::EventLog& log);

}  // namespace veil::appraisal::tpm_eventlog
