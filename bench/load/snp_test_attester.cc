#include "bench/load/snp_test_attester.h"

#include <array>

#include "veil/base/clock.h"
#include "veil/evidence/snp/coco_json_writer.h"

namespace veil::bench {
namespace {

class SnpTestAttester final : public agent::Attester {
 public:
  explicit SnpTestAttester(testing::IssuedVcek vcek) : vcek_(std::move(vcek)) {}

  protocol::TeeKind tee() const override { return protocol::TeeKind::kSnp; }

  Result<nlohmann::json> CollectEvidence(ByteSpan report_data) override {
    if (report_data.size() > 64) {
      return Fail(InvalidArgument("SNP report data is at most 64 bytes, got " +
                                  std::to_string(report_data.size())));
    }
    testing::SnpReportFields fields;
    fields.report_data = ToBytes(report_data);
    // REPORTED_TCB and CHIP_ID as the VCEK certifies them, or the trustee refuses the report.
    fields.reported_tcb = testing::EncodeTcbVersion(profile_.tcb, evidence::snp::Product::kMilan);
    fields.chip_id = *profile_.hw_id;
    Bytes report = testing::BuildSnpReport(fields);
    VEIL_TRY(testing::SignSnpReport(report, vcek_.key));
    const std::array<evidence::snp::CertTableEntry, 1> chain{
        evidence::snp::CertTableEntry{"VCEK", vcek_.certificate.Der()}};
    return evidence::snp::ToCocoSnpEvidence(report, chain);
  }

  Result<std::string> ExtendMeasurement(ByteSpan /*digest*/) override {
    return Fail(Unsupported("the SNP test attester has no runtime measurement register"));
  }
  Result<agent::MeasurementRegister> ReadMeasurementRegister() override {
    return Fail(Unsupported("the SNP test attester has no runtime measurement register"));
  }

 private:
  testing::VcekProfile profile_{};
  testing::IssuedVcek vcek_;
};

}  // namespace

Result<testing::SnpTestCa> MakeLoadSnpTestCa() {
  return testing::SnpTestCa::Create(SystemClock().Now(), "Milan");
}

Result<std::unique_ptr<agent::Attester>> MakeSnpTestAttester(const testing::SnpTestCa& ca) {
  VEIL_ASSIGN_OR_RETURN(testing::IssuedVcek vcek, ca.IssueVcek(testing::VcekProfile{}));
  return std::make_unique<SnpTestAttester>(std::move(vcek));
}

}  // namespace veil::bench
