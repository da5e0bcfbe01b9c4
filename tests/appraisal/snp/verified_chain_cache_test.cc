// VerifiedChainCache on its own (keys, validity window, eviction) and through VerifyReport with
// real fixtures: a hit gives what a miss gives, another chain is a miss, an expired entry is not
// used, and a chain that fails is never kept.

#include "veil/appraisal/snp/verified_chain_cache.h"

#include <gtest/gtest.h>

#include <thread>

#include "veil/appraisal/snp/verify_report.h"
#include "veil/base/rfc3339.h"
#include "veil/testing/fixtures.h"

namespace veil::appraisal::snp {
namespace {

using crypto::Certificate;

Certificate ReadCert(const char* name) {
  return Certificate::FromDer(testing::ReadFixture(name)).value();
}

TimePoint At(const char* when) { return ParseRfc3339(when).value(); }

const TimePoint kToday = At("2026-11-23T00:00:00Z");

Result<VerifiedClaims> Verify(const Bytes& report, const Certificate& signer, TimePoint at,
                              VerifiedChainCache* cache,
                              std::optional<std::vector<Certificate>> chain = std::nullopt) {
  const FixedClock clock(at);
  return VerifyReport({report, signer, std::move(chain), std::nullopt, clock, cache});
}

std::vector<Certificate> GenoaChain() {
  const Bytes bytes = testing::ReadFixture("certs/amd/ask_ark_genoa.pem");
  return Certificate::ChainFromPem(std::string(bytes.begin(), bytes.end())).value();
}

std::shared_ptr<const EndorsedSigner> Signer(TimePoint from, TimePoint until) {
  const Certificate vcek = ReadCert("snp/milan-gsg-vcek.der");
  return std::make_shared<const EndorsedSigner>(EndorsedSigner{vcek.GetPublicKey().value(),
                                                               {},
                                                               endorsement::amd::KeyKind::kVcek,
                                                               evidence::snp::Product::kMilan,
                                                               vcek.Subject(),
                                                               {},
                                                               true,
                                                               from,
                                                               until});
}

TEST(ChainCacheKey, NamesEachCertificateAndWhetherTheChainWasSent) {
  const Certificate gsg = ReadCert("snp/milan-gsg-vcek.der");
  const Certificate virtee = ReadCert("snp/milan-virtee-vcek.der");
  const std::vector<Certificate> genoa = GenoaChain();
  EXPECT_EQ(ChainCacheKey(gsg, std::nullopt), ChainCacheKey(gsg, std::nullopt));
  EXPECT_NE(ChainCacheKey(gsg, std::nullopt), ChainCacheKey(virtee, std::nullopt));
  EXPECT_NE(ChainCacheKey(gsg, std::nullopt), ChainCacheKey(gsg, genoa));
  // An explicit empty chain (refused by VerifyReport) is not the bundled one.
  EXPECT_NE(ChainCacheKey(gsg, std::nullopt), ChainCacheKey(gsg, std::vector<Certificate>{}));
  EXPECT_NE(ChainCacheKey(gsg, genoa),
            ChainCacheKey(gsg, std::vector<Certificate>{genoa.at(1), genoa.at(0)}));
}

TEST(VerifiedChainCache, FindsAnEntryOnlyWithinItsValidity) {
  VerifiedChainCache cache(4);
  const TimePoint from = At("2026-01-01T00:00:00Z");
  const TimePoint until = At("2027-01-01T00:00:00Z");
  cache.Insert("a", Signer(from, until));
  EXPECT_EQ(cache.Find("b", kToday), nullptr);
  EXPECT_NE(cache.Find("a", from), nullptr);
  EXPECT_NE(cache.Find("a", until), nullptr);
  EXPECT_NE(cache.Find("a", kToday), nullptr);
  EXPECT_EQ(cache.Find("a", until + std::chrono::seconds(1)), nullptr);
  EXPECT_EQ(cache.size(), 0u);  // an expired entry is dropped
  cache.Insert("a", Signer(from, until));
  EXPECT_EQ(cache.Find("a", from - std::chrono::seconds(1)), nullptr);
  EXPECT_EQ(cache.size(), 0u);
}

TEST(VerifiedChainCache, EvictsTheLeastRecentlyUsedEntry) {
  VerifiedChainCache cache(2);
  const TimePoint from = At("2026-01-01T00:00:00Z");
  const TimePoint until = At("2027-01-01T00:00:00Z");
  cache.Insert("a", Signer(from, until));
  cache.Insert("b", Signer(from, until));
  ASSERT_NE(cache.Find("a", kToday), nullptr);  // "b" is now the least recently used
  cache.Insert("c", Signer(from, until));
  EXPECT_EQ(cache.size(), 2u);
  EXPECT_NE(cache.Find("a", kToday), nullptr);
  EXPECT_EQ(cache.Find("b", kToday), nullptr);
  EXPECT_NE(cache.Find("c", kToday), nullptr);
  cache.Insert("c", Signer(from, until));  // replacing does not grow the cache
  EXPECT_EQ(cache.size(), 2u);
}

TEST(VerifyWithChainCache, AHitGivesTheClaimsOfAMiss) {
  const Bytes report = testing::ReadFixture("snp/milan-gsg-report.bin");
  const Certificate vcek = ReadCert("snp/milan-gsg-vcek.der");
  VerifiedChainCache cache;
  const auto uncached = Verify(report, vcek, kToday, nullptr);
  ASSERT_TRUE(uncached) << uncached.error().ToString();
  EXPECT_EQ(cache.size(), 0u);
  const auto miss = Verify(report, vcek, kToday, &cache);
  ASSERT_TRUE(miss) << miss.error().ToString();
  const std::string key = ChainCacheKey(vcek, std::nullopt);
  ASSERT_NE(cache.Find(key, kToday), nullptr);
  EXPECT_EQ(cache.size(), 1u);
  const auto hit = Verify(report, vcek, kToday, &cache);
  ASSERT_TRUE(hit) << hit.error().ToString();
  EXPECT_EQ(cache.size(), 1u);
  EXPECT_EQ(miss->claims(), uncached->claims());
  EXPECT_EQ(hit->claims(), miss->claims());
  EXPECT_EQ(hit->claims()["endorsement"]["ark_bundled"], true);
}

TEST(VerifyWithChainCache, AHitTakesTheSignerFromTheCacheWithoutTheChain) {
  const Bytes report = testing::ReadFixture("snp/milan-gsg-report.bin");
  const Certificate vcek = ReadCert("snp/milan-gsg-vcek.der");
  VerifiedChainCache cache;
  ASSERT_TRUE(Verify(report, vcek, kToday, &cache));
  const std::string key = ChainCacheKey(vcek, std::nullopt);
  const auto found = cache.Find(key, kToday);
  ASSERT_NE(found, nullptr);
  cache.Insert(key,
               std::make_shared<const EndorsedSigner>(EndorsedSigner{
                   vcek.GetPublicKey().value(), found->extensions, found->kind, found->product,
                   "CN=planted", found->ark_sha256, false, found->valid_from, found->valid_until}));
  const auto hit = Verify(report, vcek, kToday, &cache);
  ASSERT_TRUE(hit) << hit.error().ToString();
  EXPECT_EQ(hit->claims()["endorsement"]["subject"], "CN=planted");
  EXPECT_EQ(hit->claims()["endorsement"]["ark_bundled"], false);
  // Without the cache the chain is verified and the certificate's own subject is reported.
  EXPECT_NE(Verify(report, vcek, kToday, nullptr)->claims()["endorsement"]["subject"],
            "CN=planted");
}

TEST(VerifyWithChainCache, AHitStillChecksTheReportItself) {
  Bytes report = testing::ReadFixture("snp/milan-gsg-report.bin");
  const Certificate vcek = ReadCert("snp/milan-gsg-vcek.der");
  VerifiedChainCache cache;
  ASSERT_TRUE(Verify(report, vcek, kToday, &cache));
  report[0x90] ^= 0x01;  // MEASUREMENT
  const auto forged = Verify(report, vcek, kToday, &cache);
  ASSERT_FALSE(forged);
  EXPECT_NE(forged.error().message.find("report signature does not verify"), std::string::npos)
      << forged.error().ToString();
  // Another chip's report is checked against the cached VCEK's key and hwID, and refused.
  const auto other =
      Verify(testing::ReadFixture("snp/milan-virtee-report.bin"), vcek, kToday, &cache);
  ASSERT_FALSE(other);
  EXPECT_NE(other.error().message.find("report signature does not verify"), std::string::npos)
      << other.error().ToString();
}

TEST(VerifyWithChainCache, AnotherChainIsAMiss) {
  const Bytes report = testing::ReadFixture("snp/milan-gsg-report.bin");
  const Certificate vcek = ReadCert("snp/milan-gsg-vcek.der");
  VerifiedChainCache cache;
  ASSERT_TRUE(Verify(report, vcek, kToday, &cache));
  // The same VCEK sent with Genoa's ASK and ARK is verified with them, and refused.
  const auto genoa = Verify(report, vcek, kToday, &cache, GenoaChain());
  ASSERT_FALSE(genoa);
  EXPECT_NE(genoa.error().ToString().find("VCEK chain"), std::string::npos)
      << genoa.error().ToString();
  EXPECT_EQ(cache.size(), 1u);
  // Another VCEK is verified and kept beside the first.
  const auto virtee = Verify(testing::ReadFixture("snp/milan-virtee-report.bin"),
                             ReadCert("snp/milan-virtee-vcek.der"), kToday, &cache);
  ASSERT_TRUE(virtee) << virtee.error().ToString();
  EXPECT_EQ(cache.size(), 2u);
}

TEST(VerifyWithChainCache, AnExpiredEntryIsNotUsed) {
  const Bytes report = testing::ReadFixture("snp/milan-aws-vlek-report.bin");
  const Certificate vlek = ReadCert("snp/milan-aws-vlek.der");
  VerifiedChainCache cache;
  ASSERT_TRUE(Verify(report, vlek, At("2025-01-01T00:00:00Z"), &cache));
  EXPECT_EQ(cache.size(), 1u);
  const auto uncached = Verify(report, vlek, kToday, nullptr);
  ASSERT_FALSE(uncached);
  const auto cached = Verify(report, vlek, kToday, &cache);
  ASSERT_FALSE(cached);
  EXPECT_EQ(cached.error().ToString(), uncached.error().ToString());
  EXPECT_EQ(cached.error().code, uncached.error().code);
  EXPECT_NE(cached.error().ToString().find("certificate has expired"), std::string::npos)
      << cached.error().ToString();
  EXPECT_EQ(cache.size(), 0u);
}

TEST(VerifyWithChainCache, ANotYetValidChainIsNotUsed) {
  const Bytes report = testing::ReadFixture("snp/milan-gsg-report.bin");
  const Certificate vcek = ReadCert("snp/milan-gsg-vcek.der");
  VerifiedChainCache cache;
  ASSERT_TRUE(Verify(report, vcek, kToday, &cache));
  const auto early = Verify(report, vcek, At("2022-01-01T00:00:00Z"), &cache);
  ASSERT_FALSE(early);
  EXPECT_NE(early.error().message.find("certificate is not yet valid"), std::string::npos)
      << early.error().message;
}

TEST(VerifyWithChainCache, AChainThatFailsIsNeverCached) {
  const Bytes report = testing::ReadFixture("snp/milan-trustee-report.bin");
  VerifiedChainCache cache;
  for (const char* forged :
       {"snp/milan-trustee-vcek-invalid-legacy.der", "snp/milan-trustee-vcek-invalid-new.der"}) {
    SCOPED_TRACE(forged);
    const Certificate vcek = ReadCert(forged);
    for (int attempt = 0; attempt < 2; ++attempt) {
      const auto result = Verify(report, vcek, kToday, &cache);
      ASSERT_FALSE(result);
      EXPECT_NE(result.error().message.find("certificate signature failure"), std::string::npos)
          << result.error().message;
    }
    EXPECT_EQ(cache.Find(ChainCacheKey(vcek, std::nullopt), kToday), nullptr);
  }
  // The wrong product's chain, and a chain outside its validity, are not kept either.
  const Certificate gsg = ReadCert("snp/milan-gsg-vcek.der");
  ASSERT_FALSE(
      Verify(testing::ReadFixture("snp/milan-gsg-report.bin"), gsg, kToday, &cache, GenoaChain()));
  ASSERT_FALSE(Verify(testing::ReadFixture("snp/milan-gsg-report.bin"), gsg,
                      At("2029-09-25T00:00:00Z"), &cache));
  EXPECT_EQ(cache.size(), 0u);
}

TEST(VerifyWithChainCache, ThreadsShareOneCache) {
  const Bytes gsg_report = testing::ReadFixture("snp/milan-gsg-report.bin");
  const Certificate gsg = ReadCert("snp/milan-gsg-vcek.der");
  const Bytes virtee_report = testing::ReadFixture("snp/milan-virtee-report.bin");
  const Certificate virtee = ReadCert("snp/milan-virtee-vcek.der");
  VerifiedChainCache cache;
  std::vector<int> failures(4, 0);
  std::vector<std::thread> threads;
  for (std::size_t t = 0; t < failures.size(); ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 20; ++i) {
        const bool even = (t + static_cast<std::size_t>(i)) % 2 == 0;
        if (!Verify(even ? gsg_report : virtee_report, even ? gsg : virtee, kToday, &cache))
          ++failures[t];
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  for (int failed : failures) EXPECT_EQ(failed, 0);
  EXPECT_EQ(cache.size(), 2u);
}

}  // namespace
}  // namespace veil::appraisal::snp
