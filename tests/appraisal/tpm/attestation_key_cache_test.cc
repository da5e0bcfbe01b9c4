// AttestationKeyCache on its own (hits, distinct AKs, errors, eviction) and through VerifyQuote.

#include "veil/appraisal/tpm/attestation_key_cache.h"

#include <gtest/gtest.h>

#include "veil/appraisal/tpm/verify_quote.h"
#include "veil/base/hex.h"
#include "veil/crypto/certificate.h"
#include "veil/crypto/digest.h"
#include "veil/crypto/private_key.h"
#include "veil/testing/fixtures.h"

namespace veil::appraisal::tpm {
namespace {

struct GceQuote {
  GceQuote()
      : ak(testing::ReadFixture("tpm/gce-cos85-ak-pub.tpmt")),
        attest(testing::ReadFixture("tpm/gce-cos85-quote-sha256.attest")),
        signature(testing::ReadFixture("tpm/gce-cos85-quote-sha256.sig")),
        pcrs(testing::ReadFixture("tpm/gce-cos85-pcrs.json")) {}

  QuoteInput Input(AttestationKeyCache* cache) const {
    return {ak, attest, signature, pcrs, Bytes{0x90, 0x09}, std::nullopt, cache};
  }

  Bytes ak, attest, signature, pcrs;
};

// The GCE AK as DER SubjectPublicKeyInfo (the same key as the .tpmt, other bytes).
Bytes GceAkSpki() {
  auto cert =
      crypto::Certificate::FromDer(testing::ReadFixture("tpm/gce-cos85-ak-cert.der")).value();
  return cert.GetPublicKey().value().SpkiDer();
}

Bytes OtherRsaSpki() {
  return crypto::PrivateKey::Generate(crypto::KeyAlgorithm::kRsa2048)
      .value()
      .GetPublicKey()
      .SpkiDer();
}

TEST(AttestationKeyCache, AHitReturnsTheKeyLoadedFirst) {
  AttestationKeyCache cache;
  const GceQuote quote;
  const auto first = cache.Load(quote.ak).value();
  const auto second = cache.Load(quote.ak).value();
  EXPECT_EQ(first.get(), second.get());
  EXPECT_EQ(cache.size(), 1u);
  const auto uncached = DescribeAttestationKey(quote.ak).value();
  EXPECT_EQ(first->fingerprint, uncached->fingerprint);
  EXPECT_EQ(first->fingerprint, HexEncode(crypto::Sha256(GceAkSpki())));
  EXPECT_EQ(first->type, "RSA-2048");
  EXPECT_TRUE(first->ak.public_area.has_value());
}

TEST(AttestationKeyCache, VerifiedClaimsAreTheSameWithAndWithoutIt) {
  AttestationKeyCache cache;
  const GceQuote quote;
  const nlohmann::json uncached = VerifyQuote(quote.Input(nullptr)).value().claims();
  EXPECT_EQ(VerifyQuote(quote.Input(&cache)).value().claims(), uncached);  // miss
  EXPECT_EQ(VerifyQuote(quote.Input(&cache)).value().claims(), uncached);  // hit
  EXPECT_EQ(cache.size(), 1u);
}

TEST(AttestationKeyCache, ADifferentAkIsNotServedTheCachedOne) {
  AttestationKeyCache cache;
  GceQuote quote;
  ASSERT_TRUE(VerifyQuote(quote.Input(&cache)));
  const std::string gce = cache.Load(quote.ak).value()->fingerprint;

  const Bytes other = OtherRsaSpki();
  const auto loaded = cache.Load(other).value();
  EXPECT_EQ(loaded->fingerprint, HexEncode(crypto::Sha256(other)));
  EXPECT_NE(loaded->fingerprint, gce);
  EXPECT_FALSE(loaded->ak.public_area.has_value());

  // The GCE quote presented with the other AK fails its signature, also after the GCE AK's hit.
  quote.ak = other;
  auto verdict = VerifyQuote(quote.Input(&cache));
  ASSERT_FALSE(verdict);
  EXPECT_NE(verdict.error().message.find("quote signature"), std::string::npos)
      << verdict.error().message;
  EXPECT_EQ(cache.size(), 2u);
}

TEST(AttestationKeyCache, TheSameKeyInAnotherFormIsItsOwnEntry) {
  AttestationKeyCache cache;
  const GceQuote quote;
  const auto area = cache.Load(quote.ak).value();
  const auto spki = cache.Load(GceAkSpki()).value();
  EXPECT_NE(area.get(), spki.get());
  EXPECT_EQ(area->fingerprint, spki->fingerprint);
  // Only the public-area form carries the attributes VerifyQuote checks against the signature.
  EXPECT_TRUE(area->ak.public_area.has_value());
  EXPECT_FALSE(spki->ak.public_area.has_value());
  EXPECT_EQ(cache.size(), 2u);
}

TEST(AttestationKeyCache, ErrorsAreNotCached) {
  AttestationKeyCache cache;
  const Bytes garbage = {0x30, 0x03, 0x02, 0x01, 0x00};
  auto loaded = cache.Load(garbage);
  ASSERT_FALSE(loaded);
  EXPECT_EQ(loaded.error().message.rfind("AK: ", 0), 0u) << loaded.error().message;
  EXPECT_EQ(cache.size(), 0u);
}

TEST(AttestationKeyCache, EvictsTheLeastRecentlyUsedAk) {
  AttestationKeyCache cache(2);
  const GceQuote quote;
  const Bytes spki = GceAkSpki();
  const Bytes other = OtherRsaSpki();
  const auto area = cache.Load(quote.ak).value();
  const auto der = cache.Load(spki).value();
  EXPECT_EQ(cache.Load(quote.ak).value().get(), area.get());  // the public area is now recent
  (void)cache.Load(other).value();                            // evicts the SPKI entry
  EXPECT_EQ(cache.size(), 2u);
  EXPECT_EQ(cache.Load(quote.ak).value().get(), area.get());  // still cached
  EXPECT_NE(cache.Load(spki).value().get(), der.get());       // loaded again
  EXPECT_EQ(cache.size(), 2u);
}

}  // namespace
}  // namespace veil::appraisal::tpm
