// SEV-SNP: a real Milan report (virtee/sev's, debug off) and its VCEK, endorsed by Veil's bundled
// AMD ASK and ARK. Parse; verify with the chain verified every time and with it cached; and the
// whole appraisal (cached verify, reference values, default policy, EAR token).

#include <benchmark/benchmark.h>

#include <optional>

#include "bench/appraisal_pipeline.h"
#include "bench/fixtures.h"
#include "bench/registry.h"
#include "veil/appraisal/snp/verified_chain_cache.h"
#include "veil/appraisal/snp/verify_report.h"
#include "veil/crypto/certificate.h"
#include "veil/evidence/snp/coco_json.h"
#include "veil/evidence/snp/report.h"

namespace veil::bench {
namespace {

struct SnpFixture {
  SnpFixture()
      : report(ReadFixture("snp/milan-virtee-report.bin")),
        vcek(crypto::Certificate::FromDer(ReadFixture("snp/milan-virtee-vcek.der")).value()),
        report_data(ToBytes(evidence::snp::ParseReport(report).value().report_data)),
        clock(AppraisalTime()) {}

  appraisal::snp::ReportInput Input(appraisal::snp::VerifiedChainCache* cache) const {
    return {report, vcek, std::nullopt, report_data, clock, cache};
  }

  Bytes report;
  crypto::Certificate vcek;
  Bytes report_data;
  FixedClock clock;
};

const SnpFixture& Snp() {
  static const SnpFixture fixture;
  return fixture;
}

void Parse(benchmark::State& state) {
  const Bytes& report = Snp().report;
  for (auto _ : state) {
    auto parsed = evidence::snp::ParseReport(report);
    if (!parsed) state.SkipWithError(parsed.error().ToString().c_str());
    benchmark::DoNotOptimize(parsed);
  }
}

// What the trustee parses per /attest: CoCo's JSON evidence and the VCEK DER it carries.
void ParseCocoEvidence(benchmark::State& state) {
  const Bytes text = ReadFixture("coco/snp-evidence.json");
  const nlohmann::json json = nlohmann::json::parse(text.begin(), text.end(), nullptr, false);
  for (auto _ : state) {
    auto evidence = evidence::snp::ParseCocoSnpEvidence(json);
    if (!evidence) {
      state.SkipWithError(evidence.error().ToString().c_str());
      break;
    }
    auto vcek = crypto::Certificate::FromDer(evidence->cert_chain.at(0).der);
    if (!vcek) state.SkipWithError(vcek.error().ToString().c_str());
    benchmark::DoNotOptimize(vcek);
  }
}

void VerifyUncached(benchmark::State& state) {
  const SnpFixture& snp = Snp();
  for (auto _ : state) {
    auto claims = appraisal::snp::VerifyReport(snp.Input(nullptr));
    if (!claims) state.SkipWithError(claims.error().ToString().c_str());
    benchmark::DoNotOptimize(claims);
  }
}

void VerifyCached(benchmark::State& state) {
  const SnpFixture& snp = Snp();
  appraisal::snp::VerifiedChainCache cache;
  (void)appraisal::snp::VerifyReport(snp.Input(&cache));  // the one miss, outside the timing
  for (auto _ : state) {
    auto claims = appraisal::snp::VerifyReport(snp.Input(&cache));
    if (!claims) state.SkipWithError(claims.error().ToString().c_str());
    benchmark::DoNotOptimize(claims);
  }
}

void Appraise(benchmark::State& state) {
  const SnpFixture& snp = Snp();
  appraisal::snp::VerifiedChainCache cache;
  const AppraisalPipeline pipeline;
  // The report's own launch measurement, enrolled as the owner would.
  policy::ReferenceValueSet references;
  const auto enrolled = appraisal::snp::VerifyReport(snp.Input(&cache));
  if (!enrolled) {
    state.SkipWithError(enrolled.error().ToString().c_str());
    return;
  }
  VEIL_CHECK(references
                 .Add({"snp.measurement",
                       {enrolled->claims()["measurement"].get<std::string>()},
                       std::nullopt,
                       "bench"})
                 .has_value());
  for (auto _ : state) {
    auto claims = appraisal::snp::VerifyReport(snp.Input(&cache));
    if (!claims) {
      state.SkipWithError(claims.error().ToString().c_str());
      break;
    }
    auto token = pipeline.Finish(*claims, references, snp.report_data, snp.clock.Now());
    if (!token) state.SkipWithError(token.error().ToString().c_str());
    benchmark::DoNotOptimize(token);
  }
}

}  // namespace

void RegisterSnpBenchmarks() {
  benchmark::RegisterBenchmark("snp/parse", Parse);
  benchmark::RegisterBenchmark("snp/parse_coco_evidence_and_vcek", ParseCocoEvidence);
  benchmark::RegisterBenchmark("snp/verify_uncached", VerifyUncached);
  benchmark::RegisterBenchmark("snp/verify_cached", VerifyCached);
  benchmark::RegisterBenchmark("snp/appraise", Appraise);
}

}  // namespace veil::bench
