#pragma once
// The legacy SEV-SNP guest interface, /dev/sev-guest (linux/sev-guest.h), for kernels without
// configfs-tsm. Only SNP_GET_EXT_REPORT is used: SNP_GET_REPORT returns no certificates, and
// Veil's trustee does not fetch the VCEK from AMD KDS, so a report without them cannot be
// appraised.

#include <filesystem>

#include "veil/base/bytes.h"
#include "veil/base/result.h"
#include "veil/base/unique_fd.h"

namespace veil::agent::tsm {

struct ExtendedReport {
  Bytes report;      // the ATTESTATION_REPORT from MSG_REPORT_RSP
  Bytes cert_table;  // the host's certificate table (evidence/snp/cert_table.h); zeros when none
};

class SevGuestDevice {
 public:
  // kUnavailable, naming the path, when the device cannot be opened read-write.
  static Result<SevGuestDevice> Open(const std::filesystem::path& path);

  // SNP_GET_EXT_REPORT at VMPL 0 over `report_data` (exactly 64 bytes, else kInvalidArgument).
  // When the host's certificates need a larger buffer than the kernel's 16 KiB default the
  // request is repeated once with the size the kernel asks for (at most 64 KiB). kUnavailable,
  // with errno and the firmware and VMM error codes, when the ioctl fails; otherwise
  // ParseReportResponse's errors.
  Result<ExtendedReport> GetExtendedReport(ByteSpan report_data) const;

  const std::filesystem::path& path() const { return path_; }

 private:
  SevGuestDevice(std::filesystem::path path, UniqueFd fd)
      : path_(std::move(path)), fd_(std::move(fd)) {}

  std::filesystem::path path_;
  UniqueFd fd_;
};

}  // namespace veil::agent::tsm
