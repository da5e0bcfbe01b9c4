// The AMD roots compiled into Veil: the right [ASK or ASVK, ARK] per product and key kind, equal
// to AMD's published chains (shared/fixtures/certs/amd, as KDS serves them), each ASK signed by
// its ARK; and only those ARKs count as bundled.

#include "veil/endorsement/amd/roots.h"

#include <gtest/gtest.h>

#include "veil/base/rfc3339.h"
#include "veil/crypto/chain.h"
#include "veil/testing/fixtures.h"
#include "veil/testing/snp_test_ca.h"

namespace veil::endorsement::amd {
namespace {

using evidence::snp::Product;

std::vector<crypto::Certificate> Published(const char* name) {
  const Bytes pem = testing::ReadFixture(std::string("certs/amd/") + name);
  return crypto::Certificate::ChainFromPem(std::string(pem.begin(), pem.end())).value();
}

struct Case {
  Product product;
  KeyKind kind;
  const char* published;
};

TEST(BundledCaChain, IsAmdsPublishedChainForEachProductAndKeyKind) {
  const TimePoint at = ParseRfc3339("2026-06-01T00:00:00Z").value();
  for (const Case& c : {Case{Product::kMilan, KeyKind::kVcek, "ask_ark_milan.pem"},
                        Case{Product::kMilan, KeyKind::kVlek, "ask_ark_milan_vlek.pem"},
                        Case{Product::kGenoa, KeyKind::kVcek, "ask_ark_genoa.pem"},
                        Case{Product::kGenoa, KeyKind::kVlek, "ask_ark_genoa_vlek.pem"},
                        Case{Product::kTurin, KeyKind::kVcek, "ask_ark_turin.pem"},
                        Case{Product::kTurin, KeyKind::kVlek, "ask_ark_turin_vlek.pem"}}) {
    SCOPED_TRACE(c.published);
    const auto bundled = BundledCaChain(c.product, c.kind).value();
    const auto published = Published(c.published);
    ASSERT_EQ(bundled.size(), 2u);
    ASSERT_EQ(published.size(), 2u);
    EXPECT_EQ(bundled[0].Der(), published[0].Der());
    EXPECT_EQ(bundled[1].Der(), published[1].Der());
    EXPECT_EQ(bundled[1].Subject(), bundled[1].Issuer());  // the ARK is self-signed
    const std::span<const crypto::Certificate> chain(bundled);
    EXPECT_TRUE(crypto::VerifyChain({bundled[0], {}, chain.subspan(1), at}));
    EXPECT_TRUE(IsBundledArk(bundled[1]));
    EXPECT_FALSE(IsBundledArk(bundled[0]));
  }
}

TEST(IsBundledArk, RefusesAnArkThatOnlyLooksLikeAmds) {
  const auto ca = testing::SnpTestCa::Create(ParseRfc3339("2026-06-01T00:00:00Z").value());
  ASSERT_TRUE(ca);
  EXPECT_FALSE(IsBundledArk(ca->ark()));
}

}  // namespace
}  // namespace veil::endorsement::amd
