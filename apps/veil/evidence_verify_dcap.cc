// `veil evidence verify --tee tdx|sgx`: an Intel DCAP quote file against a collateral bundle
// directory or a dcap-qvl JSON file, at --at (default now); for TDX, --eventlog replays a CCEL
// log area against the verified quote's RTMRs.

#include <optional>

#include "evidence_verify.h"
#include "veil/appraisal/sgx/verify_quote.h"
#include "veil/appraisal/tdx/verify_quote.h"
#include "veil/base/file.h"
#include "veil/base/hex.h"
#include "veil/base/rfc3339.h"
#include "veil/endorsement/intel/collateral_directory.h"

namespace veil::cli {
namespace {

constexpr std::size_t kMaxCcEventLogBytes = std::size_t{16} << 20;  // TDVF's area: 64-256 KiB

Result<std::optional<Bytes>> ReportDataOption(const EvidenceVerifyOptions& options) {
  if (options.report_data.empty()) return std::optional<Bytes>();
  auto decoded = HexDecode(options.report_data);
  if (!decoded) return Fail(InvalidArgument("--report-data: " + decoded.error().message));
  if (decoded->size() > 64) return Fail(InvalidArgument("--report-data is longer than 64 bytes"));
  return std::optional<Bytes>(std::move(*decoded));
}

Result<TimePoint> AtOption(const EvidenceVerifyOptions& options) {
  if (options.at.empty()) return SystemClock().Now();
  auto parsed = ParseRfc3339(options.at);
  if (!parsed) return Fail(InvalidArgument("--at: " + parsed.error().message));
  return *parsed;
}

}  // namespace

Result<Verdict> VerifyDcapFromFiles(const EvidenceVerifyOptions& options, DcapTee tee) {
  const std::string flag = tee == DcapTee::kTdx ? "--tee tdx" : "--tee sgx";
  if (options.quote.empty()) return Fail(InvalidArgument(flag + " needs --quote FILE"));
  if (options.collateral.empty()) {
    return Fail(InvalidArgument(flag + " needs --collateral BUNDLE_DIR_OR_JSON"));
  }
  VEIL_ASSIGN_OR_RETURN(const Bytes quote, ReadFileBytes(options.quote));
  auto collateral = endorsement::intel::LoadCollateral(options.collateral);
  if (!collateral) {
    return Fail(InvalidArgument("--collateral " + options.collateral + ": " +
                                collateral.error().ToString()));
  }
  VEIL_ASSIGN_OR_RETURN(std::optional<Bytes> report_data, ReportDataOption(options));
  VEIL_ASSIGN_OR_RETURN(const TimePoint at, AtOption(options));
  if (tee == DcapTee::kTdx) {
    appraisal::tdx::QuoteInput input{{quote, *collateral, at, std::move(report_data)}};
    Bytes eventlog;
    if (!options.eventlog.empty()) {
      VEIL_ASSIGN_OR_RETURN(eventlog, ReadFileBytes(options.eventlog, kMaxCcEventLogBytes));
      input.cc_eventlog = ByteSpan(eventlog);
    }
    return Verdict(appraisal::tdx::VerifyQuote(input));
  }
  return Verdict(appraisal::sgx::VerifyQuote({{quote, *collateral, at, std::move(report_data)}}));
}

}  // namespace veil::cli
