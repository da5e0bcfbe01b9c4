#pragma once
// Sample evidence becomes VerifiedClaims with tee "sample" and `insecure: true`; it is never
// hardware evidence and policies must treat it as such.

#include <optional>

#include "veil/appraisal/verified_claims.h"
#include "veil/base/bytes.h"
#include "veil/base/result.h"

namespace veil::appraisal::sample {

// `expected_report_data` (at most 64 bytes) is compared with the evidence's report data, both
// zero-padded to 64 bytes.
Result<VerifiedClaims> VerifySample(std::string_view evidence_json,
                                    const std::optional<Bytes>& expected_report_data);

}  // namespace veil::appraisal::sample
