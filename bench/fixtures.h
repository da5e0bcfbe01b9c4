#pragma once
// The real evidence the benchmarks appraise, read once from shared/fixtures (VEIL_FIXTURES_DIR,
// set by CMake), and the instant they are appraised at. A missing fixture aborts veil-bench with
// the path it looked for: a benchmark of nothing would report nonsense.

#include <string_view>

#include "veil/base/bytes.h"
#include "veil/base/clock.h"

namespace veil::bench {

Bytes ReadFixture(std::string_view relative);

// Inside the validity of every certificate the SNP benchmarks use (VCEKs run to 2029).
TimePoint AppraisalTime();

}  // namespace veil::bench
