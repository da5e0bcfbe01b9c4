#include "veil/agent/attester/sample/sample_attester.h"

#include <string>

#include "veil/base/base64.h"

namespace veil::agent::sample {
namespace {

constexpr std::size_t kMaxReportData = 64;

class SampleAttester final : public Attester {
 public:
  protocol::TeeKind tee() const override { return protocol::TeeKind::kSample; }

  Result<nlohmann::json> CollectEvidence(ByteSpan report_data) override {
    if (report_data.size() > kMaxReportData) {
      return Fail(Error{
          ErrorCode::kInvalidArgument,
          "report data is " + std::to_string(report_data.size()) + " bytes, at most 64 allowed",
          "sample"});
    }
    return nlohmann::json{{"svn", "1"}, {"report_data", Base64Encode(report_data)}};
  }

  Result<std::string> ExtendMeasurement(ByteSpan) override {
    return Fail(Error{ErrorCode::kUnsupported,
                      "the sample attester has no measurement register; use the tpm attester to "
                      "measure workloads",
                      "sample"});
  }
};

}  // namespace

std::unique_ptr<Attester> MakeSampleAttester() { return std::make_unique<SampleAttester>(); }

}  // namespace veil::agent::sample
