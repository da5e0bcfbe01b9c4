#include "veil/agent/attester/sample/sample_attester.h"

#include <string>

#include "veil/base/base64.h"

namespace veil::agent::sample {
namespace {

// CoCo's sample verifier compares report_data with the binding digest as is, unpadded: a SHA-384,
// 48 bytes (docs/kbs-protocol.md §2). The binding arrives zero-padded to 64 bytes; the padding is
// dropped, and anything else past 48 bytes is refused rather than silently cut.
constexpr std::size_t kSampleReportData = 48;
constexpr std::size_t kMaxReportData = 64;

Result<ByteSpan> UnpaddedDigest(ByteSpan report_data) {
  if (report_data.size() > kMaxReportData) {
    return Fail(
        Error{ErrorCode::kInvalidArgument,
              "report data is " + std::to_string(report_data.size()) + " bytes, at most 64 allowed",
              "sample"});
  }
  if (report_data.size() <= kSampleReportData) return report_data;
  for (const std::uint8_t byte : report_data.subspan(kSampleReportData)) {
    if (byte != 0) {
      return Fail(Error{ErrorCode::kInvalidArgument,
                        "report data past byte 48 must be zero padding: the sample TEE carries "
                        "the 48-byte SHA-384 binding",
                        "sample"});
    }
  }
  return report_data.first(kSampleReportData);
}

class SampleAttester final : public Attester {
 public:
  protocol::TeeKind tee() const override { return protocol::TeeKind::kSample; }

  Result<nlohmann::json> CollectEvidence(ByteSpan report_data) override {
    VEIL_ASSIGN_OR_RETURN(const ByteSpan digest, UnpaddedDigest(report_data));
    return nlohmann::json{{"svn", "1"}, {"report_data", Base64Encode(digest)}};
  }

  Result<std::string> ExtendMeasurement(ByteSpan) override { return Fail(NoRegister()); }
  Result<MeasurementRegister> ReadMeasurementRegister() override { return Fail(NoRegister()); }

 private:
  static Error NoRegister() {
    return Error{ErrorCode::kUnsupported,
                 "the sample attester has no measurement register; use the tpm attester to "
                 "measure workloads",
                 "sample"};
  }
};

}  // namespace

std::unique_ptr<Attester> MakeSampleAttester() { return std::make_unique<SampleAttester>(); }

}  // namespace veil::agent::sample
