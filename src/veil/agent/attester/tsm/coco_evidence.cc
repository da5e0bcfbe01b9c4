#include "veil/agent/attester/tsm/coco_evidence.h"

#include <algorithm>

#include "veil/base/base64.h"
#include "veil/base/hex.h"
#include "veil/evidence/snp/cert_table.h"
#include "veil/evidence/snp/coco_json_writer.h"
#include "veil/evidence/snp/report.h"

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

Result<nlohmann::json> TdxCocoEvidence(ByteSpan quote) {
  if (quote.empty()) return Fail(Error{ErrorCode::kMalformed, "the TDX quote is empty", "tdx"});
  return nlohmann::json{{"cc_eventlog", nullptr}, {"quote", Base64Encode(quote)}};
}

}  // namespace veil::agent::tsm
