// veil-bench: Google Benchmark over Veil's appraisal paths and the bare OpenSSL operations they
// cannot avoid, with a table of each path beside its floor (floor_reporter.h). Takes every
// --benchmark_* flag; exits 1 when a benchmark reports an error or the filter matches nothing.

#include <benchmark/benchmark.h>

#include <cstdio>

#include "bench/floor_reporter.h"
#include "bench/registry.h"

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  veil::bench::RegisterFloorBenchmarks();
  veil::bench::RegisterSnpBenchmarks();
  veil::bench::RegisterTpmBenchmarks();
  veil::bench::RegisterProtocolBenchmarks();
  veil::bench::RegisterPolicyBenchmarks();
  veil::bench::RegisterTokenBenchmarks();
  veil::bench::FloorReporter reporter;
  const std::size_t ran = benchmark::RunSpecifiedBenchmarks(&reporter);
  benchmark::Shutdown();
  if (ran == 0) {
    std::fprintf(stderr, "veil-bench: no benchmark matches the filter\n");
    return 1;
  }
  return reporter.errors() ? 1 : 0;
}
