#pragma once
// veil-agent's attester for SEV-SNP (tee "snp") and TDX (tee "tdx") guests. It asks the kernel
// for a report through configfs-tsm when <configfs_root>/report exists — the provider decides the
// TEE — and otherwise through the legacy /dev/sev-guest ioctl (SNP only). Evidence is CoCo's JSON
// (coco_evidence.h). Errors carry context "configfs-tsm", "sev-guest", "snp" or "tdx".

#include <filesystem>
#include <memory>

#include "veil/agent/attester/attester.h"
#include "veil/agent/attester/tsm/cc_eventlog_file.h"
#include "veil/agent/attester/tsm/report_entry.h"
#include "veil/base/result.h"

namespace veil::agent::tsm {

struct TsmOptions {
  std::filesystem::path configfs_root = "/sys/kernel/config/tsm";
  std::filesystem::path sev_guest_device = "/dev/sev-guest";
  // How configfs report entries are created and removed; null means mkdir/rmdir
  // (ConfigfsReportEntryOps). Tests inject a double that emulates the kernel on a plain directory.
  std::shared_ptr<ReportEntryOps> entry_ops;
  // The TDX CCEL log area sent as "cc_eventlog" (cc_eventlog_file.h); absent: null.
  std::filesystem::path cc_eventlog = kDefaultCcEventLogPath;
};

// configfs-tsm: reads the provider once ("sev_guest" → "snp", "tdx_guest" → "tdx"; any other is
// kUnsupported) and fails later requests whose provider differs; a TDX attester reads the CCEL
// log (`cc_eventlog`) at every request, after the quote. Legacy: opens the device.
// kUnavailable, naming both paths, when neither interface is there.
//
// The attester's CollectEvidence takes exactly 64 bytes of report data (else kInvalidArgument).
// Its ExtendMeasurement is always kUnsupported: SNP's MEASUREMENT is fixed at launch, and this
// attester does not drive TDX RTMRs (SHA-384 registers); runtime measurements belong in a vTPM
// (the tpm attester), launch-time configuration in init-data (HOST_DATA / MRCONFIGID).
Result<std::unique_ptr<Attester>> OpenTsmAttester(const TsmOptions& options);

}  // namespace veil::agent::tsm
