// TPM 2.0: a recorded quote from a GCE vTPM (go-tpm-tools' fixture: RSA-2048 AK, RSASSA with
// SHA-256, the SHA-256 PCR bank, nonce 0x9009). Parse; verify, with the AK loaded per quote and
// from the AK cache (TPM quotes carry no endorsement chain: the AK is trusted by enrolment, a
// reference value); the whole appraisal, with the AK cache as the trustee runs it.

#include <benchmark/benchmark.h>

#include <optional>

#include "bench/appraisal_pipeline.h"
#include "bench/fixtures.h"
#include "bench/registry.h"
#include "veil/appraisal/tpm/verify_quote.h"
#include "veil/evidence/tpm/attest.h"
#include "veil/evidence/tpm/public_area.h"
#include "veil/evidence/tpm/signature.h"

namespace veil::bench {
namespace {

struct TpmFixture {
  TpmFixture()
      : ak(ReadFixture("tpm/gce-cos85-ak-pub.tpmt")),
        attest(ReadFixture("tpm/gce-cos85-quote-sha256.attest")),
        signature(ReadFixture("tpm/gce-cos85-quote-sha256.sig")),
        pcrs(ReadFixture("tpm/gce-cos85-pcrs.json")) {}

  appraisal::tpm::QuoteInput Input(appraisal::tpm::AttestationKeyCache* cache) const {
    return {ak, attest, signature, pcrs, Bytes{0x90, 0x09}, std::nullopt, cache};
  }

  Bytes ak, attest, signature, pcrs;
};

const TpmFixture& Tpm() {
  static const TpmFixture fixture;
  return fixture;
}

void Parse(benchmark::State& state) {
  const TpmFixture& tpm = Tpm();
  for (auto _ : state) {
    auto attest = evidence::tpm::ParseQuoteAttest(tpm.attest);
    auto signature = evidence::tpm::ParseSignature(tpm.signature);
    auto ak = evidence::tpm::ParsePublicArea(tpm.ak);
    if (!attest || !signature || !ak) state.SkipWithError("a recorded TPM file does not parse");
    benchmark::DoNotOptimize(attest);
    benchmark::DoNotOptimize(signature);
    benchmark::DoNotOptimize(ak);
  }
}

void Verify(benchmark::State& state) {
  const TpmFixture& tpm = Tpm();
  for (auto _ : state) {
    auto claims = appraisal::tpm::VerifyQuote(tpm.Input(nullptr));
    if (!claims) state.SkipWithError(claims.error().ToString().c_str());
    benchmark::DoNotOptimize(claims);
  }
}

// As the trustee verifies: the AK loaded once (the first quote, outside the timing).
void VerifyCached(benchmark::State& state) {
  const TpmFixture& tpm = Tpm();
  appraisal::tpm::AttestationKeyCache cache;
  (void)appraisal::tpm::VerifyQuote(tpm.Input(&cache));
  for (auto _ : state) {
    auto claims = appraisal::tpm::VerifyQuote(tpm.Input(&cache));
    if (!claims) state.SkipWithError(claims.error().ToString().c_str());
    benchmark::DoNotOptimize(claims);
  }
}

void Appraise(benchmark::State& state) {
  const TpmFixture& tpm = Tpm();
  const AppraisalPipeline pipeline;
  appraisal::tpm::AttestationKeyCache cache;
  const auto enrolled = appraisal::tpm::VerifyQuote(tpm.Input(&cache));
  if (!enrolled) {
    state.SkipWithError(enrolled.error().ToString().c_str());
    return;
  }
  // The AK, enrolled as the owner would (the default policy requires it).
  policy::ReferenceValueSet references;
  VEIL_CHECK(
      references
          .Add({"tpm.ak", {enrolled->claims()["ak"].get<std::string>()}, std::nullopt, "bench"})
          .has_value());
  const Bytes report_data(64, 0);
  for (auto _ : state) {
    auto claims = appraisal::tpm::VerifyQuote(tpm.Input(&cache));
    if (!claims) {
      state.SkipWithError(claims.error().ToString().c_str());
      break;
    }
    auto token = pipeline.Finish(*claims, references, report_data, AppraisalTime());
    if (!token) state.SkipWithError(token.error().ToString().c_str());
    benchmark::DoNotOptimize(token);
  }
}

}  // namespace

void RegisterTpmBenchmarks() {
  benchmark::RegisterBenchmark("tpm/parse", Parse);
  benchmark::RegisterBenchmark("tpm/verify", Verify);
  benchmark::RegisterBenchmark("tpm/verify_cached", VerifyCached);
  benchmark::RegisterBenchmark("tpm/appraise", Appraise);
}

}  // namespace veil::bench
