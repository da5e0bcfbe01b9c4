#pragma once
// The TDX CC event log (the ACPI CCEL log area a TD reads at /sys/firmware/acpi/tables/data/CCEL,
// CoCo's "cc_eventlog") replayed against the RTMRs of a verified quote. The log is parsed by
// evidence/tpm_eventlog ParseCcEventLog and replayed by appraisal/tpm_eventlog: an event's MR
// index n extends RTMR n-1 (UEFI 2.10, 38.4.1; Intel TDX Virtual Firmware Design Guide, "TD
// Measurement"), RTMR = SHA-384(RTMR || digest) from 48 zero bytes, EV_NO_ACTION not extended.
//
// Checks, in order (kMalformed or kVerificationFailed, the message starting "cc_eventlog: "):
//  1. the area parses as a CC event log (the parser's message: event index and offset);
//  2. it carries SHA-384 digests (RTMRs are SHA-384);
//  3. no measured event names MR 0 (MRTD is fixed when the TD is built; no event extends it);
//  4. every RTMR the log extends equals the quote's: a mismatch names the RTMR and the event that
//     diverges as precisely as the digests allow (appraisal/tpm_eventlog/quoted_pcrs.h). An RTMR
//     the log never extends (RTMR3 for firmware logs: the OS extends it at run time) is not
//     compared;
//  5. the boot claims of the log are well formed (evidence/tpm_eventlog/boot_claims.h).

#include <array>
#include <cstddef>
#include <vector>

#include <nlohmann/json.hpp>

#include "veil/base/bytes.h"
#include "veil/base/result.h"
#include "veil/evidence/tdx/td_report_body.h"
#include "veil/evidence/tpm_eventlog/boot_claims.h"
#include "veil/evidence/tpm_eventlog/event_log.h"

namespace veil::appraisal::tdx {

struct CcelReplay {
  evidence::tpm_eventlog::EventLog log;
  evidence::tpm_eventlog::BootClaims boot;
  std::vector<std::size_t> rtmrs_matched;  // 0..3, ascending: the RTMRs the log reproduced
};

Result<CcelReplay> ReplayCcel(ByteSpan area,
                              const std::array<evidence::tdx::Measurement, 4>& quoted_rtmrs);

// The claims of a matched replay, under "ccel" in the TDX claims:
//   rtmrs_replayed  [0, 1, 2]                  the RTMRs the log reproduced
//   events          [{event, mr, type, sha384, data_digest_matches}]  every measured event, log
//                   order; data_digest_matches: the event types whose digest is the hash of their
//                   data (EV_SEPARATOR, EV_ACTION, EV_EFI_ACTION, EV_EFI_VARIABLE_DRIVER_CONFIG)
//                   and whose digest is that hash
//   boot            appraisal/tpm_eventlog/boot_claims_json.h; registers are MR indexes
nlohmann::json CcelClaims(const CcelReplay& replay);

}  // namespace veil::appraisal::tdx
