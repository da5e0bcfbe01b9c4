#pragma once
// The "primary_evidence" JSON the SNP and TDX attesters send, in the shapes CoCo guests send
// (guest-components' SnpEvidence and TdxEvidence, docs/kbs-protocol.md §2).

#include <optional>

#include <nlohmann/json.hpp>

#include "veil/base/bytes.h"
#include "veil/base/result.h"

namespace veil::agent::tsm {

// {"attestation_report": {...}, "cert_chain": [...] | null} (evidence/snp/coco_json_writer.h)
// from the report and the host's certificate table. Checks first that the report parses and that
// its REPORT_DATA is `report_data` (kVerificationFailed otherwise: the TEE answered another
// request); the table's errors (kMalformed) are returned as they are.
Result<nlohmann::json> SnpCocoEvidence(ByteSpan report_data, ByteSpan report, ByteSpan cert_table);

// {"cc_eventlog": standard base64 of `cc_eventlog` | null, "quote": standard base64 of `quote`}
// (evidence/tdx/coco_json.h; the log as cc_eventlog_file.h reads it). Checks first that the quote
// parses (its errors, context "tdx") and that its REPORTDATA is `report_data`
// (kVerificationFailed otherwise: the TEE answered another request).
Result<nlohmann::json> TdxCocoEvidence(ByteSpan report_data, ByteSpan quote,
                                       const std::optional<Bytes>& cc_eventlog);

}  // namespace veil::agent::tsm
