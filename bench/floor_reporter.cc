#include "bench/floor_reporter.h"

#include <unistd.h>

#include <cstdio>
#include <ostream>

#include "bench/registry.h"

namespace veil::bench {
namespace {

// `value` with `decimals` digits after the point.
std::string Fixed(double value, int decimals) {
  char text[64];
  std::snprintf(text, sizeof(text), "%.*f", decimals, value);
  return text;
}

}  // namespace

FloorReporter::FloorReporter()
    : ConsoleReporter(isatty(STDOUT_FILENO) == 1 ? OO_ColorTabular : OO_Tabular) {}

void FloorReporter::ReportRuns(const std::vector<Run>& runs) {
  ConsoleReporter::ReportRuns(runs);
  for (const Run& run : runs) {
    if (run.error_occurred) errors_ = true;
    if (run.error_occurred || run.run_type != Run::RT_Iteration) continue;
    Timing& timing = timings_[run.run_name.function_name];
    timing.seconds_sum +=
        run.GetAdjustedCPUTime() / benchmark::GetTimeUnitMultiplier(run.time_unit);
    ++timing.runs;
  }
}

double FloorReporter::SecondsPerOperation(const std::string& name) const {
  const auto found = timings_.find(name);
  if (found == timings_.end() || found->second.runs == 0) return -1;
  return found->second.seconds_sum / found->second.runs;
}

void FloorReporter::Finalize() {
  ConsoleReporter::Finalize();
  std::ostream& out = GetOutputStream();
  out << "\nVeil beside its floor (CPU time per operation; ratio = floor / Veil, 1.00 = at the "
         "floor)\n";
  char line[256];
  std::snprintf(line, sizeof(line), "%-28s %12s %10s  %-56s %12s %6s\n", "benchmark", "Veil us",
                "Veil op/s", "floor", "floor us", "ratio");
  out << line;
  for (const FloorPairing& pairing : FloorPairings()) {
    const double veil = SecondsPerOperation(pairing.benchmark);
    if (veil <= 0) continue;  // filtered out
    double floor = 0;
    std::string floor_names;
    for (const char* name : pairing.floors) {
      const double seconds = SecondsPerOperation(name);
      floor = seconds < 0 || floor < 0 ? -1 : floor + seconds;
      floor_names += floor_names.empty() ? name : std::string(" + ") + name;
    }
    std::snprintf(line, sizeof(line), "%-28s %12s %10s  %-56s %12s %6s\n", pairing.benchmark,
                  Fixed(veil * 1e6, 1).c_str(), Fixed(1 / veil, 0).c_str(), floor_names.c_str(),
                  floor < 0 ? "(not run)" : Fixed(floor * 1e6, 1).c_str(),
                  floor < 0 ? "-" : Fixed(floor / veil, 2).c_str());
    out << line;
  }
}

}  // namespace veil::bench
