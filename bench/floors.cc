// The bare OpenSSL operations each Veil path must do at the least, timed exactly as a caller with
// everything prepared would do them: keys generated and signatures made before the loop, digests
// fetched once, one EVP call sequence per iteration. The only Veil file outside src/veil/crypto
// that includes OpenSSL: a floor measured through Veil's wrappers would hide their overhead.

#include <openssl/evp.h>
#include <openssl/rsa.h>

#include <benchmark/benchmark.h>

#include <cstdio>
#include <cstdlib>
#include <memory>

#include "bench/registry.h"
#include "veil/crypto/private_key.h"
#include "veil/crypto/random.h"

namespace veil::bench {
namespace {

template <auto kFree>
struct Deleter {
  template <class T>
  void operator()(T* p) const noexcept {
    kFree(p);
  }
};
using MdCtx = std::unique_ptr<EVP_MD_CTX, Deleter<&EVP_MD_CTX_free>>;
using PkeyCtx = std::unique_ptr<EVP_PKEY_CTX, Deleter<&EVP_PKEY_CTX_free>>;
using Pkey = std::unique_ptr<EVP_PKEY, Deleter<&EVP_PKEY_free>>;
using Md = std::unique_ptr<EVP_MD, Deleter<&EVP_MD_free>>;

// Setup failures are bugs in this file, not measurements.
void Require(bool ok, const char* what) {
  if (!ok) {
    std::fprintf(stderr, "veil-bench: floor setup failed: %s\n", what);
    std::abort();
  }
}

crypto::PrivateKey Key(crypto::KeyAlgorithm algorithm) {
  auto key = crypto::PrivateKey::Generate(algorithm);
  Require(key.has_value(), "key generation");
  return *std::move(key);
}

Md FetchMd(const char* name) {
  Md md(EVP_MD_fetch(nullptr, name, nullptr));
  Require(md != nullptr, name);
  return md;
}

Bytes SignMessage(const crypto::PrivateKey& key, const EVP_MD* md, const Bytes& message) {
  MdCtx ctx(EVP_MD_CTX_new());
  std::size_t size = 0;
  Require(EVP_DigestSignInit_ex(ctx.get(), nullptr, EVP_MD_get0_name(md), nullptr, nullptr,
                                key.get(), nullptr) == 1,
          "sign init");
  Require(EVP_DigestSign(ctx.get(), nullptr, &size, message.data(), message.size()) == 1,
          "sign size");
  Bytes signature(size);
  Require(EVP_DigestSign(ctx.get(), signature.data(), &size, message.data(), message.size()) == 1,
          "sign");
  signature.resize(size);
  return signature;
}

// One verification of `signature` over `message` (hashing included, as every verifier must).
void DigestVerifyLoop(benchmark::State& state, crypto::KeyAlgorithm algorithm, const char* digest,
                      std::size_t message_size) {
  const crypto::PrivateKey key = Key(algorithm);
  const Md md = FetchMd(digest);
  const Bytes message = crypto::RandomBytes(message_size);
  const Bytes signature = SignMessage(key, md.get(), message);
  for (auto _ : state) {
    MdCtx ctx(EVP_MD_CTX_new());
    const bool ok = EVP_DigestVerifyInit_ex(ctx.get(), nullptr, EVP_MD_get0_name(md.get()), nullptr,
                                            nullptr, key.get(), nullptr) == 1 &&
                    EVP_DigestVerify(ctx.get(), signature.data(), signature.size(), message.data(),
                                     message.size()) == 1;
    if (!ok) state.SkipWithError("signature did not verify");
    benchmark::DoNotOptimize(ok);
  }
}

void EcdsaP384Verify(benchmark::State& state) {
  // The size of an SNP report's signed part (0x000-0x29F).
  DigestVerifyLoop(state, crypto::KeyAlgorithm::kEcP384, "SHA384", 0x2A0);
}

void EcdsaP256Verify(benchmark::State& state) {
  // About the size of a JWT's signing input (an EAR token).
  DigestVerifyLoop(state, crypto::KeyAlgorithm::kEcP256, "SHA256", 1024);
}

void Rsa2048Pkcs1Verify(benchmark::State& state) {
  // The size of a TPM quote's TPMS_ATTEST.
  DigestVerifyLoop(state, crypto::KeyAlgorithm::kRsa2048, "SHA256", 115);
}

void Es256Sign(benchmark::State& state) {
  const crypto::PrivateKey key = Key(crypto::KeyAlgorithm::kEcP256);
  const Bytes message = crypto::RandomBytes(1024);
  for (auto _ : state) {
    MdCtx ctx(EVP_MD_CTX_new());
    unsigned char signature[80];  // a DER P-256 signature is at most 72 bytes
    std::size_t size = sizeof(signature);
    const bool ok =
        EVP_DigestSignInit_ex(ctx.get(), nullptr, "SHA256", nullptr, nullptr, key.get(), nullptr) ==
            1 &&
        EVP_DigestSign(ctx.get(), signature, &size, message.data(), message.size()) == 1;
    if (!ok) state.SkipWithError("signing failed");
    benchmark::DoNotOptimize(signature);
  }
}

void EcP256Keygen(benchmark::State& state) {
  for (auto _ : state) {
    Pkey key(EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256"));
    if (key == nullptr) state.SkipWithError("key generation failed");
    benchmark::DoNotOptimize(key.get());
  }
}

void EcdhP256(benchmark::State& state) {
  const crypto::PrivateKey own = Key(crypto::KeyAlgorithm::kEcP256);
  const crypto::PrivateKey peer = Key(crypto::KeyAlgorithm::kEcP256);
  for (auto _ : state) {
    PkeyCtx ctx(EVP_PKEY_CTX_new_from_pkey(nullptr, own.get(), nullptr));
    unsigned char secret[32];
    std::size_t size = sizeof(secret);
    const bool ok = ctx != nullptr && EVP_PKEY_derive_init(ctx.get()) == 1 &&
                    EVP_PKEY_derive_set_peer(ctx.get(), peer.get()) == 1 &&
                    EVP_PKEY_derive(ctx.get(), secret, &size) == 1;
    if (!ok) state.SkipWithError("derivation failed");
    benchmark::DoNotOptimize(secret);
  }
}

void Rsa2048OaepEncrypt(benchmark::State& state) {
  const crypto::PrivateKey key = Key(crypto::KeyAlgorithm::kRsa2048);
  const Bytes cek = crypto::RandomBytes(32);
  for (auto _ : state) {
    PkeyCtx ctx(EVP_PKEY_CTX_new_from_pkey(nullptr, key.get(), nullptr));
    unsigned char wrapped[256];
    std::size_t size = sizeof(wrapped);
    const bool ok = ctx != nullptr && EVP_PKEY_encrypt_init(ctx.get()) == 1 &&
                    EVP_PKEY_CTX_set_rsa_padding(ctx.get(), RSA_PKCS1_OAEP_PADDING) == 1 &&
                    EVP_PKEY_CTX_set_rsa_oaep_md_name(ctx.get(), "SHA256", nullptr) == 1 &&
                    EVP_PKEY_CTX_set_rsa_mgf1_md_name(ctx.get(), "SHA256", nullptr) == 1 &&
                    EVP_PKEY_encrypt(ctx.get(), wrapped, &size, cek.data(), cek.size()) == 1;
    if (!ok) state.SkipWithError("encryption failed");
    benchmark::DoNotOptimize(wrapped);
  }
}

}  // namespace

void RegisterFloorBenchmarks() {
  benchmark::RegisterBenchmark(kFloorEcdsaP384Verify, EcdsaP384Verify);
  benchmark::RegisterBenchmark(kFloorEcdsaP256Verify, EcdsaP256Verify);
  benchmark::RegisterBenchmark(kFloorEs256Sign, Es256Sign);
  benchmark::RegisterBenchmark(kFloorEcdhP256, EcdhP256);
  benchmark::RegisterBenchmark(kFloorEcP256Keygen, EcP256Keygen);
  benchmark::RegisterBenchmark(kFloorRsa2048Pkcs1Verify, Rsa2048Pkcs1Verify);
  benchmark::RegisterBenchmark(kFloorRsa2048OaepEncrypt, Rsa2048OaepEncrypt);
}

}  // namespace veil::bench
