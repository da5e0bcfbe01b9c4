#include "veil/agent/attester/tsm/coco_evidence.h"

#include <algorithm>

#include "veil/base/hex.h"
#include "veil/evidence/snp/cert_table.h"
#include "veil/evidence/snp/coco_json_writer.h"
#include "veil/evidence/snp/report.h"
#include "veil/evidence/tdx/coco_json.h"
#include "veil/evidence/tdx/quote.h"

namespace veil::agent::tsm {

Result<nlohmann::json> SnpCocoEvidence(ByteSpan report_data, ByteSpan report, ByteSpan cert_table) {
  VEIL_ASSIGN_OR_RETURN(const evidence::snp::Report parsed, evidence::snp::ParseReport(report));
  if (!std::equal(report_data.begin(), report_data.end(), parsed.report_data.begin(),
                  parsed.report_data.end())) {
    return Fail(Error{ErrorCode::kVerificationFailed,
                      "the report's REPORT_DATA is " + HexEncode(parsed.report_data) +
                          ", not the requested " + HexEncode(report_data),
                      "snp"});
  }
  VEIL_ASSIGN_OR_RETURN(const auto certificates, evidence::snp::ParseCertTable(cert_table));
  return evidence::snp::ToCocoSnpEvidence(report, certificates);
}

Result<nlohmann::json> TdxCocoEvidence(ByteSpan report_data, ByteSpan quote,
                                       const std::optional<Bytes>& cc_eventlog) {
  VEIL_ASSIGN_OR_RETURN(const evidence::tdx::Quote parsed, evidence::tdx::ParseQuote(quote));
  if (!std::equal(report_data.begin(), report_data.end(), parsed.body.report_data.begin(),
                  parsed.body.report_data.end())) {
    return Fail(Error{ErrorCode::kVerificationFailed,
                      "the quote's REPORTDATA is " + HexEncode(parsed.body.report_data) +
                          ", not the requested " + HexEncode(report_data),
                      "tdx"});
  }
  return evidence::tdx::ToCocoTdxEvidence(quote, cc_eventlog);
}

}  // namespace veil::agent::tsm
