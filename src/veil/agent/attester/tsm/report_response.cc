#include "veil/agent/attester/tsm/report_response.h"

#include <string>

#include "veil/base/byte_reader.h"
#include "veil/base/hex.h"
#include "veil/evidence/snp/report.h"

namespace veil::agent::tsm {
namespace {

std::string StatusName(std::uint32_t status) {
  std::string hex = HexU64(status);
  switch (status) {
    case 0x16:
      return hex + " (INVALID_PARAM)";
    case 0x27:
      return hex + " (INVALID_KEY)";
    default:
      return hex;
  }
}

Result<Bytes> ParseBody(ByteReader& reader) {
  VEIL_ASSIGN_OR_RETURN(const std::uint32_t status, reader.U32Le("STATUS"));
  if (status != 0) {
    return Fail(Error{ErrorCode::kUnavailable,
                      "the firmware refused the report request: STATUS " + StatusName(status),
                      {}});
  }
  VEIL_ASSIGN_OR_RETURN(const std::uint32_t report_size, reader.U32Le("REPORT_SIZE"));
  VEIL_TRY(reader.SkipZeros(0x20 - 0x08, "reserved bytes 0x08..0x1F"));
  if (report_size > reader.remaining()) {
    return Fail(Malformed("REPORT_SIZE " + std::to_string(report_size) + " exceeds the " +
                          std::to_string(reader.remaining()) + " bytes after the header"));
  }
  if (report_size != evidence::snp::kReportSize) {
    return Fail(Unsupported("REPORT_SIZE " + std::to_string(report_size) + " is not the " +
                            std::to_string(evidence::snp::kReportSize) +
                            "-byte ATTESTATION_REPORT"));
  }
  VEIL_ASSIGN_OR_RETURN(const ByteSpan report, reader.Bytes(report_size, "REPORT"));
  return ToBytes(report);
}

}  // namespace

Result<Bytes> ParseReportResponse(ByteSpan response) {
  ByteReader reader(response);
  auto report = ParseBody(reader);
  if (!report) return Fail(std::move(report).error().WithContext("MSG_REPORT_RSP"));
  return report;
}

}  // namespace veil::agent::tsm
