// veil-trustee with [kbs] token_certificate_chain: the EAR tokens it issues carry the chain as
// x5c, as a CoCo KBS that trusts the issuing CA requires; a chain for another key stops the start.

#include <gtest/gtest.h>

#include <fstream>

#include "kbs_guest.h"
#include "veil/base/base64.h"
#include "veil/base/file.h"
#include "veil/crypto/jose/jwk.h"
#include "veil/crypto/jose/jwt.h"
#include "veil/testing/certificate_chain.h"
#include "veil/testing/scratch_dir.h"
#include "veil/testing/trustee_process.h"

namespace veil {
namespace {

std::string ChainFor(const crypto::PublicKey& subject) {
  return testing::ChainPem(testing::IssueTestChain(subject, SystemClock().Now()));
}

TEST(TokenCertificateChain, TokensCarryTheConfiguredChainAsX5c) {
  const testing::ScratchDir dir("token-chain");
  const auto data = dir / "data";
  {  // the first start creates the token signing key
    auto first = testing::TrusteeProcess::Start(data);
    ASSERT_TRUE(first) << first.error().ToString();
  }
  const auto key =
      crypto::PrivateKey::FromPem(ReadFileText(data / "token-signing-key.pem").value());
  ASSERT_TRUE(key) << key.error().ToString();
  std::ofstream(dir / "chain.pem") << ChainFor(key->GetPublicKey());
  std::ofstream(dir / "trustee.toml") << "[kbs]\ntoken_certificate_chain = \"chain.pem\"\n";

  auto trustee =
      testing::TrusteeProcess::Start(data, {"--config", (dir / "trustee.toml").string()});
  ASSERT_TRUE(trustee) << trustee.error().ToString();
  testing::KbsGuest guest((*trustee)->url());
  const std::string nonce = guest.Auth("sample").value();
  const Bytes report_data = guest.ReportData(nonce).value();
  const testing::KbsAnswer attested = guest.Attest(
      guest.AttestBody(nonce, {{"svn", "1"}, {"report_data", Base64Encode(report_data)}}));
  ASSERT_EQ(attested.status, 200u) << attested.raw;
  const crypto::jose::Jwt token =
      crypto::jose::DecodeJwtUnverified(attested.body["token"].get<std::string>()).value();
  ASSERT_EQ(token.header["jwk"]["x5c"].size(), 2u);
  const crypto::Certificate leaf =
      crypto::Certificate::FromDer(
          Base64Decode(token.header["jwk"]["x5c"][0].get<std::string>()).value())
          .value();
  EXPECT_TRUE(leaf.GetPublicKey().value().Equals(key->GetPublicKey()));
  EXPECT_EQ(token.header["x5c"], token.header["jwk"]["x5c"]);
}

TEST(TokenCertificateChain, AChainForAnotherKeyStopsTheStart) {
  const testing::ScratchDir dir("token-chain-wrong");
  const crypto::PrivateKey other =
      crypto::PrivateKey::Generate(crypto::KeyAlgorithm::kEcP256).value();
  std::ofstream(dir / "chain.pem") << ChainFor(other.GetPublicKey());
  std::ofstream(dir / "trustee.toml") << "[kbs]\ntoken_certificate_chain = \"chain.pem\"\n";
  auto trustee =
      testing::TrusteeProcess::Start(dir / "data", {"--config", (dir / "trustee.toml").string()});
  ASSERT_FALSE(trustee);
  EXPECT_NE(trustee.error().message.find("is not for the token signing key"), std::string::npos)
      << trustee.error().message;
}

}  // namespace
}  // namespace veil
