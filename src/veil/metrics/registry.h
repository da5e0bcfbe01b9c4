#pragma once
// A registry of labelled counters and histograms. Names follow Prometheus conventions
// (`veil_attestations_total`), label sets are small and fixed by the caller.

#include <chrono>
#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

namespace veil::metrics {

using Labels = std::map<std::string, std::string>;

class Registry {
 public:
  // `help` is printed once per metric family; the first registration of a name fixes it.
  void Increment(const std::string& name, const std::string& help, const Labels& labels = {},
                 double by = 1);
  void Observe(const std::string& name, const std::string& help,
               std::chrono::duration<double> value, const Labels& labels = {});
  // Prometheus text format 0.0.4.
  std::string Render() const;

 private:
  struct Histogram {
    std::vector<std::uint64_t> bucket_counts;  // cumulative on render, per bucket here
    double sum = 0;
    std::uint64_t count = 0;
  };
  struct Family {
    std::string help;
    bool is_histogram = false;
    std::map<Labels, double> counters;
    std::map<Labels, Histogram> histograms;
  };

  mutable std::mutex mutex_;
  std::map<std::string, Family> families_;
};

// One refusal by a limit against hostile clients: veil_limit_refusals_total{limit="<limit>"}
// (body_size, header_size, connections, read_timeout, auth_rate, admin_rate, sessions_full,
// session_quota, token_size; docs/SECURITY.md lists them).
void CountLimitRefusal(Registry& registry, std::string_view limit);

// Seconds upper bounds used for every latency histogram.
const std::vector<double>& LatencyBuckets();

}  // namespace veil::metrics
