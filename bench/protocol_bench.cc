// The KBS protocol's own work per handshake: the report-data binding both sides compute
// (SHA-384 of the JCS of nonce, TEE key and additional evidence) and the JWE a resource is
// wrapped in, to an EC P-256 TEE key (ECDH-ES+A256KW) and to an RSA-2048 one (RSA-OAEP-256).

#include <benchmark/benchmark.h>

#include <cstdio>
#include <cstdlib>

#include "bench/registry.h"
#include "veil/base/base64.h"
#include "veil/crypto/jose/jwe.h"
#include "veil/crypto/jose/jwk.h"
#include "veil/crypto/private_key.h"
#include "veil/crypto/random.h"
#include "veil/protocol/report_data_binding.h"

namespace veil::bench {
namespace {

nlohmann::json PublicJwk(crypto::KeyAlgorithm algorithm) {
  auto key = crypto::PrivateKey::Generate(algorithm);
  auto jwk = key ? crypto::jose::PublicKeyToJwk(key->GetPublicKey())
                 : Result<nlohmann::json>(Fail(key.error()));
  if (!jwk) {
    std::fprintf(stderr, "veil-bench: %s\n", jwk.error().ToString().c_str());
    std::abort();
  }
  return *std::move(jwk);
}

void Binding(benchmark::State& state) {
  const nlohmann::json jwk = PublicJwk(crypto::KeyAlgorithm::kEcP256);
  const std::string nonce = Base64Encode(crypto::RandomBytes(32));
  for (auto _ : state) {
    auto binding = protocol::ReportDataBinding(nonce, jwk, "");
    if (!binding) state.SkipWithError(binding.error().ToString().c_str());
    benchmark::DoNotOptimize(binding);
  }
}

// A resource the size of a typical secret (a 32-byte key, base64 in a small JSON).
void Wrap(benchmark::State& state, crypto::KeyAlgorithm algorithm) {
  const nlohmann::json jwk = PublicJwk(algorithm);
  const Bytes resource = crypto::RandomBytes(64);
  for (auto _ : state) {
    auto jwe = crypto::jose::EncryptJwe(jwk, resource);
    if (!jwe) state.SkipWithError(jwe.error().ToString().c_str());
    benchmark::DoNotOptimize(jwe);
  }
}

void WrapP256(benchmark::State& state) { Wrap(state, crypto::KeyAlgorithm::kEcP256); }
void WrapRsa(benchmark::State& state) { Wrap(state, crypto::KeyAlgorithm::kRsa2048); }

}  // namespace

void RegisterProtocolBenchmarks() {
  benchmark::RegisterBenchmark("binding/jcs_sha384", Binding);
  benchmark::RegisterBenchmark("jwe/ecdh_es_a256kw_p256", WrapP256);
  benchmark::RegisterBenchmark("jwe/rsa_oaep_256", WrapRsa);
}

}  // namespace veil::bench
