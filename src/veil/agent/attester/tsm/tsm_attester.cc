#include "veil/agent/attester/tsm/tsm_attester.h"

#include <string>

#include "veil/agent/attester/tsm/coco_evidence.h"
#include "veil/agent/attester/tsm/configfs_tsm.h"
#include "veil/agent/attester/tsm/sev_guest_device.h"
#include "veil/protocol/report_data_binding.h"

namespace veil::agent::tsm {
namespace {

using protocol::TeeKind;

Status CheckReportData(ByteSpan report_data, TeeKind tee) {
  if (report_data.size() == protocol::kReportDataSize) return {};
  return Fail(Error{ErrorCode::kInvalidArgument,
                    "report data must be 64 bytes, got " + std::to_string(report_data.size()),
                    std::string(protocol::TeeKindName(tee))});
}

Error NoRegister(TeeKind tee) {
  const std::string why =
      tee == TeeKind::kSnp
          ? "SEV-SNP has no runtime measurement register: MEASUREMENT is fixed at launch"
          : "this attester does not extend TDX RTMRs";
  return Error{ErrorCode::kUnsupported,
               why +
                   "; measure workloads into a vTPM with the tpm attester, or bind launch-time "
                   "configuration through init-data (HOST_DATA / MRCONFIGID)",
               std::string(protocol::TeeKindName(tee))};
}

Result<TeeKind> TeeOfProvider(const std::string& provider) {
  if (provider == "sev_guest") return TeeKind::kSnp;
  if (provider == "tdx_guest") return TeeKind::kTdx;
  return Fail(
      Error{ErrorCode::kUnsupported,
            "provider \"" + provider + "\" is not supported (expected sev_guest or tdx_guest)",
            "configfs-tsm"});
}

class ConfigfsAttester final : public Attester {
 public:
  ConfigfsAttester(ConfigfsTsm tsm, std::string provider, TeeKind tee,
                   std::filesystem::path cc_eventlog)
      : tsm_(std::move(tsm)),
        provider_(std::move(provider)),
        tee_(tee),
        cc_eventlog_(std::move(cc_eventlog)) {}

  TeeKind tee() const override { return tee_; }

  Result<nlohmann::json> CollectEvidence(ByteSpan report_data) override {
    VEIL_TRY(CheckReportData(report_data, tee_));
    VEIL_ASSIGN_OR_RETURN(const TsmReport report, tsm_.GetReport(report_data));
    if (report.provider != provider_) {
      return Fail(
          Error{ErrorCode::kUnavailable,
                "the provider changed from \"" + provider_ + "\" to \"" + report.provider + "\"",
                "configfs-tsm"});
    }
    if (tee_ == TeeKind::kSnp) return SnpCocoEvidence(report_data, report.outblob, report.auxblob);
    VEIL_ASSIGN_OR_RETURN(const std::optional<Bytes> log, ReadCcEventLog(cc_eventlog_));
    return TdxCocoEvidence(report_data, report.outblob, log);
  }

  Result<std::string> ExtendMeasurement(ByteSpan) override { return Fail(NoRegister(tee_)); }
  Result<MeasurementRegister> ReadMeasurementRegister() override { return Fail(NoRegister(tee_)); }

 private:
  ConfigfsTsm tsm_;
  std::string provider_;
  TeeKind tee_;
  std::filesystem::path cc_eventlog_;
};

class SevGuestAttester final : public Attester {
 public:
  explicit SevGuestAttester(SevGuestDevice device) : device_(std::move(device)) {}

  TeeKind tee() const override { return TeeKind::kSnp; }

  Result<nlohmann::json> CollectEvidence(ByteSpan report_data) override {
    VEIL_TRY(CheckReportData(report_data, TeeKind::kSnp));
    VEIL_ASSIGN_OR_RETURN(const ExtendedReport report, device_.GetExtendedReport(report_data));
    return SnpCocoEvidence(report_data, report.report, report.cert_table);
  }

  Result<std::string> ExtendMeasurement(ByteSpan) override {
    return Fail(NoRegister(TeeKind::kSnp));
  }
  Result<MeasurementRegister> ReadMeasurementRegister() override {
    return Fail(NoRegister(TeeKind::kSnp));
  }

 private:
  SevGuestDevice device_;
};

Result<std::unique_ptr<Attester>> OpenConfigfs(ConfigfsTsm tsm,
                                               const std::filesystem::path& cc_eventlog) {
  VEIL_ASSIGN_OR_RETURN(std::string provider, tsm.Provider());
  VEIL_ASSIGN_OR_RETURN(TeeKind tee, TeeOfProvider(provider));
  return std::make_unique<ConfigfsAttester>(std::move(tsm), std::move(provider), tee, cc_eventlog);
}

}  // namespace

Result<std::unique_ptr<Attester>> OpenTsmAttester(const TsmOptions& options) {
  ConfigfsTsm tsm(options.configfs_root,
                  options.entry_ops ? options.entry_ops : ConfigfsReportEntryOps());
  if (tsm.Available()) return OpenConfigfs(std::move(tsm), options.cc_eventlog);
  auto device = SevGuestDevice::Open(options.sev_guest_device);
  if (!device) {
    return Fail(Error{ErrorCode::kUnavailable,
                      "no TEE report interface: " + (options.configfs_root / "report").string() +
                          " does not exist (configfs-tsm) and " + device.error().message,
                      "tsm"});
  }
  return std::make_unique<SevGuestAttester>(std::move(*device));
}

}  // namespace veil::agent::tsm
