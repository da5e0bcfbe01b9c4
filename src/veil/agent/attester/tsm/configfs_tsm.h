#pragma once
// The Linux configfs-tsm report interface (kernel 6.7+, Documentation/ABI/testing/configfs-tsm),
// which SEV-SNP ("sev_guest") and TDX ("tdx_guest") guests share. One request = one entry:
// create it, note `generation`, write the report data to `inblob`, read `outblob` (the report or
// quote) and, when present, `auxblob` (SNP: the certificate table), and check that `generation`
// moved by exactly our one write — as the ABI document recommends — so that a report another
// writer asked for is never taken for ours. The entry is removed on every path.

#include <filesystem>
#include <memory>
#include <string>

#include "veil/agent/attester/tsm/report_entry.h"
#include "veil/base/bytes.h"
#include "veil/base/result.h"

namespace veil::agent::tsm {

// include/linux/tsm.h: TSM_INBLOB_MAX, and TSM_OUTBLOB_MAX, which bounds outblob and auxblob.
inline constexpr std::size_t kInblobSize = 64;
inline constexpr std::size_t kMaxBlobSize = 32 * 1024;

struct TsmReport {
  std::string provider;  // "sev_guest", "tdx_guest", ...
  Bytes outblob;         // SNP ATTESTATION_REPORT or TDX quote
  Bytes auxblob;         // SNP certificate table; empty when the provider has none
};

class ConfigfsTsm {
 public:
  // `root` is normally /sys/kernel/config/tsm; `ops` creates and removes entries under
  // <root>/report (ConfigfsReportEntryOps() on a real kernel).
  ConfigfsTsm(std::filesystem::path root, std::shared_ptr<ReportEntryOps> ops)
      : root_(std::move(root)), ops_(std::move(ops)) {}

  // Whether <root>/report is a directory, i.e. the kernel offers the interface.
  bool Available() const;

  // The provider's name, read from a short-lived entry.
  Result<std::string> Provider() const;

  // A report over `report_data` (exactly kInblobSize bytes, else kInvalidArgument). kUnavailable
  // when a file cannot be used (naming it) or when another writer raced us on the entry;
  // kMalformed when outblob or auxblob exceeds kMaxBlobSize or outblob is empty.
  Result<TsmReport> GetReport(ByteSpan report_data) const;

 private:
  std::filesystem::path root_;
  std::shared_ptr<ReportEntryOps> ops_;
};

}  // namespace veil::agent::tsm
