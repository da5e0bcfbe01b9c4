#pragma once
// The latency percentiles veil-load reports for one step: nearest-rank p50/p90/p99 and the
// maximum over every sample, in milliseconds.

#include <cstddef>
#include <vector>

namespace veil::bench {

struct LatencySummary {
  std::size_t samples = 0;
  double p50_ms = 0;
  double p90_ms = 0;
  double p99_ms = 0;
  double max_ms = 0;
};

// All zero for no samples. `samples_ms` is sorted in place.
LatencySummary Summarize(std::vector<double>& samples_ms);

}  // namespace veil::bench
