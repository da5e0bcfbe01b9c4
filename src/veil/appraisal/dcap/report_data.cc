#include "veil/appraisal/dcap/report_data.h"

#include <algorithm>
#include <string>

#include "veil/base/hex.h"

namespace veil::appraisal::dcap {

Status CheckReportData(const std::array<std::uint8_t, 64>& found,
                       const std::optional<Bytes>& expected) {
  if (!expected) return {};
  if (expected->size() > found.size()) {
    return Fail(InvalidArgument("expected REPORTDATA is " + std::to_string(expected->size()) +
                                " bytes, at most 64"));
  }
  Bytes padded = *expected;
  padded.resize(found.size(), 0);
  if (!std::equal(padded.begin(), padded.end(), found.begin(), found.end())) {
    return Fail(VerificationFailed("REPORTDATA mismatch: expected " + HexEncode(padded) +
                                   ", found " + HexEncode(found)));
  }
  return {};
}

}  // namespace veil::appraisal::dcap
