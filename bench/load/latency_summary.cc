#include "bench/load/latency_summary.h"

#include <algorithm>
#include <cmath>

namespace veil::bench {
namespace {

// Nearest rank: the smallest sample at or above `fraction` of the sorted samples.
double Percentile(const std::vector<double>& sorted, double fraction) {
  const auto rank =
      static_cast<std::size_t>(std::ceil(fraction * static_cast<double>(sorted.size())));
  return sorted[std::clamp<std::size_t>(rank, 1, sorted.size()) - 1];
}

}  // namespace

LatencySummary Summarize(std::vector<double>& samples_ms) {
  LatencySummary summary;
  if (samples_ms.empty()) return summary;
  std::sort(samples_ms.begin(), samples_ms.end());
  summary.samples = samples_ms.size();
  summary.p50_ms = Percentile(samples_ms, 0.50);
  summary.p90_ms = Percentile(samples_ms, 0.90);
  summary.p99_ms = Percentile(samples_ms, 0.99);
  summary.max_ms = samples_ms.back();
  return summary;
}

}  // namespace veil::bench
