#include "veil/crypto/certificate.h"

#include <gtest/gtest.h>

#include "veil/base/hex.h"
#include "veil/base/rfc3339.h"
#include "veil/crypto/chain.h"
#include "veil/testing/fixtures.h"

namespace veil::crypto {
namespace {

std::string Text(const Bytes& bytes) { return std::string(bytes.begin(), bytes.end()); }

TEST(Certificate, ParsesAmdChainAndVcek) {
  auto chain =
      Certificate::ChainFromPem(Text(testing::ReadFixture("certs/amd/ask_ark_milan.pem"))).value();
  ASSERT_EQ(chain.size(), 2u);
  EXPECT_EQ(chain[0].CommonName(), "SEV-Milan");
  EXPECT_EQ(chain[1].CommonName(), "ARK-Milan");
  EXPECT_EQ(HexEncode(chain[1].Sha256Fingerprint()),
            "69d063b45344d26a2e94e1f4210de49ef555308287d4c174445c95639a540bcd");
  auto vcek = Certificate::FromDer(testing::ReadFixture("snp/milan-gsg-vcek.der")).value();
  EXPECT_EQ(vcek.GetPublicKey().value().Describe(), "EC P-384");
  EXPECT_EQ(FormatRfc3339(vcek.NotAfter()).substr(0, 10), "2029-09-24");
}

TEST(Certificate, RejectsTrailingBytesAndGarbage) {
  Bytes der = testing::ReadFixture("snp/milan-gsg-vcek.der");
  der.push_back(0);
  auto result = Certificate::FromDer(der);
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().message, "1 trailing bytes after DER certificate");
  EXPECT_FALSE(Certificate::FromDer(Bytes{0x30, 0x03, 0x02, 0x01, 0x01}));
  EXPECT_FALSE(Certificate::ChainFromPem("no certificates here"));
}

TEST(Chain, VerifiesVcekToArkAtAnExplicitTime) {
  auto chain =
      Certificate::ChainFromPem(Text(testing::ReadFixture("certs/amd/ask_ark_milan.pem"))).value();
  auto vcek = Certificate::FromDer(testing::ReadFixture("snp/milan-gsg-vcek.der")).value();
  const TimePoint at = ParseRfc3339("2026-11-23T00:00:00Z").value();
  EXPECT_TRUE(VerifyChain({vcek, std::span(chain).first(1), std::span(chain).subspan(1), at}));

  const TimePoint after = ParseRfc3339("2030-01-01T00:00:00Z").value();
  auto expired = VerifyChain({vcek, std::span(chain).first(1), std::span(chain).subspan(1), after});
  ASSERT_FALSE(expired);
  EXPECT_NE(expired.error().message.find("certificate has expired"), std::string::npos)
      << expired.error().message;
}

TEST(Chain, RejectsCertificateWithBadSignature) {
  auto chain =
      Certificate::ChainFromPem(Text(testing::ReadFixture("certs/amd/ask_ark_milan.pem"))).value();
  auto forged =
      Certificate::FromDer(testing::ReadFixture("snp/milan-trustee-vcek-invalid-new.der")).value();
  const TimePoint at = ParseRfc3339("2025-01-01T00:00:00Z").value();
  auto result = VerifyChain({forged, std::span(chain).first(1), std::span(chain).subspan(1), at});
  ASSERT_FALSE(result);
  EXPECT_NE(result.error().message.find("certificate signature failure"), std::string::npos)
      << result.error().message;
}

}  // namespace
}  // namespace veil::crypto
