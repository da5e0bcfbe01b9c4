#include "veil/agent/attester/tsm/tsm_attester.h"

#include <string>

#include "veil/agent/attester/tsm/coco_evidence.h"
#include "veil/agent/attester/tsm/configfs_tsm.h"
#include "veil/agent/attester/tsm/sev_guest_device.h"

namespace veil::agent::tsm {
namespace {

constexpr std::size_t kReportDataSize = 64;

Status CheckReportData(ByteSpan report_data, std::string_view tee) {
  if (report_data.size() == kReportDataSize) return {};
  return Fail(Error{ErrorCode::kInvalidArgument,
                    "report data must be 64 bytes, got " + std::to_string(report_data.size()),
                    std::string(tee)});
}

Error NoRegister(std::string_view tee) {
  const std::string why =
      tee == "snp" ? "SEV-SNP has no runtime measurement register: MEASUREMENT is fixed at launch"
                   : "this attester does not extend TDX RTMRs";
  return Error{ErrorCode::kUnsupported,
               why +
                   "; measure workloads into a vTPM with the tpm attester, or bind launch-time "
                   "configuration through init-data (HOST_DATA / MRCONFIGID)",
               std::string(tee)};
}

Result<std::string> TeeOfProvider(const std::string& provider) {
  if (provider == "sev_guest") return std::string("snp");
  if (provider == "tdx_guest") return std::string("tdx");
  return Fail(
      Error{ErrorCode::kUnsupported,
            "provider \"" + provider + "\" is not supported (expected sev_guest or tdx_guest)",
            "configfs-tsm"});
}

class ConfigfsAttester final : public Attester {
 public:
  ConfigfsAttester(ConfigfsTsm tsm, std::string provider, std::string tee)
      : tsm_(std::move(tsm)), provider_(std::move(provider)), tee_(std::move(tee)) {}

  std::string_view tee() const override { return tee_; }

  Result<nlohmann::json> CollectEvidence(ByteSpan report_data) override {
    VEIL_TRY(CheckReportData(report_data, tee_));
    VEIL_ASSIGN_OR_RETURN(const TsmReport report, tsm_.GetReport(report_data));
    if (report.provider != provider_) {
      return Fail(
          Error{ErrorCode::kUnavailable,
                "the provider changed from \"" + provider_ + "\" to \"" + report.provider + "\"",
                "configfs-tsm"});
    }
    if (tee_ == "snp") return SnpCocoEvidence(report_data, report.outblob, report.auxblob);
    return TdxCocoEvidence(report.outblob);
  }

  Result<std::string> ExtendMeasurement(ByteSpan) override { return Fail(NoRegister(tee_)); }

 private:
  ConfigfsTsm tsm_;
  std::string provider_;
  std::string tee_;
};

class SevGuestAttester final : public Attester {
 public:
  explicit SevGuestAttester(SevGuestDevice device) : device_(std::move(device)) {}

  std::string_view tee() const override { return "snp"; }

  Result<nlohmann::json> CollectEvidence(ByteSpan report_data) override {
    VEIL_TRY(CheckReportData(report_data, "snp"));
    VEIL_ASSIGN_OR_RETURN(const ExtendedReport report, device_.GetExtendedReport(report_data));
    return SnpCocoEvidence(report_data, report.report, report.cert_table);
  }

  Result<std::string> ExtendMeasurement(ByteSpan) override { return Fail(NoRegister("snp")); }

 private:
  SevGuestDevice device_;
};

Result<std::unique_ptr<Attester>> OpenConfigfs(ConfigfsTsm tsm) {
  VEIL_ASSIGN_OR_RETURN(std::string provider, tsm.Provider());
  VEIL_ASSIGN_OR_RETURN(std::string tee, TeeOfProvider(provider));
  return std::make_unique<ConfigfsAttester>(std::move(tsm), std::move(provider), std::move(tee));
}

}  // namespace

Result<std::unique_ptr<Attester>> OpenTsmAttester(const TsmOptions& options) {
  ConfigfsTsm tsm(options.configfs_root,
                  options.entry_ops ? options.entry_ops : ConfigfsReportEntryOps());
  if (tsm.Available()) return OpenConfigfs(std::move(tsm));
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
