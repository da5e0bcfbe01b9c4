// Veil's default attestation policy over the claims of a real SNP report, with 1, 100 and 10,000
// accepted launch measurements enrolled under snp.measurement (the report's own last, so every
// lookup walks them all).

#include <benchmark/benchmark.h>

#include <optional>

#include "bench/fixtures.h"
#include "bench/registry.h"
#include "veil/appraisal/snp/verify_report.h"
#include "veil/base/hex.h"
#include "veil/crypto/certificate.h"
#include "veil/crypto/random.h"
#include "veil/policy/attestation_policy.h"
#include "veil/policy/default_policies.h"

namespace veil::bench {
namespace {

void Evaluate(benchmark::State& state) {
  const Bytes report = ReadFixture("snp/milan-virtee-report.bin");
  const auto vcek = crypto::Certificate::FromDer(ReadFixture("snp/milan-virtee-vcek.der"));
  const FixedClock clock(AppraisalTime());
  auto claims =
      vcek ? appraisal::snp::VerifyReport({report, *vcek, std::nullopt, std::nullopt, clock})
           : Result<appraisal::VerifiedClaims>(Fail(vcek.error()));
  if (!claims) {
    state.SkipWithError(claims.error().ToString().c_str());
    return;
  }
  std::vector<std::string> measurements;
  for (std::int64_t i = 1; i < state.range(0); ++i)
    measurements.push_back(HexEncode(crypto::RandomBytes(48)));
  measurements.push_back(claims->claims()["measurement"].get<std::string>());
  policy::ReferenceValueSet references;
  VEIL_CHECK(references.Add({"snp.measurement", std::move(measurements), std::nullopt, "bench"})
                 .has_value());
  const policy::AttestationPolicy policy = policy::DefaultAttestationPolicy();
  for (auto _ : state) {
    const policy::Appraisal appraisal =
        policy::EvaluateAttestationPolicy(policy, *claims, references, clock.Now());
    if (appraisal.status != policy::ArStatus::kAffirming) state.SkipWithError("not affirming");
    benchmark::DoNotOptimize(appraisal);
  }
}

}  // namespace

void RegisterPolicyBenchmarks() {
  benchmark::RegisterBenchmark("policy/evaluate", Evaluate)->Arg(1)->Arg(100)->Arg(10000);
}

}  // namespace veil::bench
