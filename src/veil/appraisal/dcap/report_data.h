#pragma once
// The freshness binding of a DCAP quote: the REPORTDATA its body carries against the value the
// verifier expects (at most 64 bytes, zero-padded to 64).

#include <array>
#include <cstdint>
#include <optional>

#include "veil/base/bytes.h"
#include "veil/base/result.h"

namespace veil::appraisal::dcap {

// Success when `expected` is absent or equals `found` after zero-padding; kInvalidArgument when
// longer than 64 bytes; kVerificationFailed ("REPORTDATA mismatch: expected …, found …").
Status CheckReportData(const std::array<std::uint8_t, 64>& found,
                       const std::optional<Bytes>& expected);

}  // namespace veil::appraisal::dcap
