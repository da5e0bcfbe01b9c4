#pragma once
// The console output of Google Benchmark, followed by a table that prints each Veil benchmark
// beside its floor (registry.h): CPU time per operation, operations per second, and the ratio
// floor time / Veil time (1.00 = Veil costs exactly its mandatory crypto; 0.50 = twice that).
// Also remembers whether any benchmark reported an error, for the exit code.

#include <map>
#include <string>
#include <vector>

#include <benchmark/benchmark.h>

namespace veil::bench {

class FloorReporter : public benchmark::ConsoleReporter {
 public:
  // Colours only on a terminal (a reporter given to the library ignores --benchmark_color).
  FloorReporter();

  void ReportRuns(const std::vector<Run>& runs) override;
  void Finalize() override;

  bool errors() const { return errors_; }

 private:
  struct Timing {
    double seconds_sum = 0;  // CPU seconds per operation, summed over repetitions
    int runs = 0;
  };
  // CPU seconds per operation of `name`, or a negative value when it did not run.
  double SecondsPerOperation(const std::string& name) const;

  std::map<std::string, Timing> timings_;
  bool errors_ = false;
};

}  // namespace veil::bench
