// EAR tokens: signing the claims of CoCo's example attestation result (shared/fixtures
// coco/example-token-claims.json) as Veil's trustee does, an ES256 JWT with the key in its header.

#include <benchmark/benchmark.h>

#include <cstdio>
#include <cstdlib>

#include "bench/fixtures.h"
#include "bench/registry.h"
#include "veil/crypto/private_key.h"
#include "veil/token/ear_token.h"

namespace veil::bench {
namespace {

void Sign(benchmark::State& state) {
  const Bytes text = ReadFixture("coco/example-token-claims.json");
  const nlohmann::json claims = nlohmann::json::parse(text.begin(), text.end(), nullptr, false);
  auto key = crypto::PrivateKey::Generate(crypto::KeyAlgorithm::kEcP256);
  if (claims.is_discarded() || !key) {
    state.SkipWithError("cannot read the claims or make the key");
    return;
  }
  const token::EarSigner signer(*std::move(key));
  for (auto _ : state) {
    auto token = signer.Sign(claims);
    if (!token) state.SkipWithError(token.error().ToString().c_str());
    benchmark::DoNotOptimize(token);
  }
}

}  // namespace

void RegisterTokenBenchmarks() { benchmark::RegisterBenchmark("token/ear_sign", Sign); }

}  // namespace veil::bench
