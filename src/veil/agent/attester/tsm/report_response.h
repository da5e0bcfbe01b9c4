#pragma once
// MSG_REPORT_RSP (SEV-SNP ABI rev 1.55, "MSG_REPORT_RSP Message Structure"), what the legacy
// /dev/sev-guest ioctls return in `struct snp_report_resp`'s 4000-byte `data`:
//   0x00 STATUS (u32 LE; 0 = success, 0x16 = INVALID_PARAM, 0x27 = INVALID_KEY)
//   0x04 REPORT_SIZE (u32 LE)   0x08..0x1F reserved   0x20 REPORT (REPORT_SIZE bytes)
// Bytes after the report are the kernel buffer's padding and are not looked at.

#include "veil/base/bytes.h"
#include "veil/base/result.h"

namespace veil::agent::tsm {

// The REPORT bytes (not yet parsed: see evidence/snp/report.h). kUnavailable, naming the status,
// when the firmware refused the request; kMalformed for a response shorter than its header or
// than REPORT_SIZE, or with non-zero reserved bytes; kUnsupported for a REPORT_SIZE other than
// the 1184-byte ATTESTATION_REPORT.
Result<Bytes> ParseReportResponse(ByteSpan response);

}  // namespace veil::agent::tsm
