// veil-trustee with [kbs] token_certificate_chain: the EAR tokens it issues carry the chain as
// x5c, as a CoCo KBS that trusts the issuing CA requires; a chain for another key stops the start.

#include <gtest/gtest.h>

#include <fstream>

#include "kbs_guest.h"
#include "veil/base/base64.h"
#include "veil/base/file.h"
#include "veil/crypto/certificate_issuer.h"
#include "veil/crypto/jose/jwk.h"
#include "veil/crypto/jose/jwt.h"
#include "veil/testing/scratch_dir.h"
#include "veil/testing/trustee_process.h"

namespace veil {
namespace {

std::string Pem(const crypto::Certificate& certificate) {
  const std::string body = Base64Encode(certificate.Der());
  std::string pem = "-----BEGIN CERTIFICATE-----\n";
  for (std::size_t at = 0; at < body.size(); at += 64) pem += body.substr(at, 64) + "\n";
  return pem + "-----END CERTIFICATE-----\n";
}

// A certificate for `subject`, issued by a fresh CA; returns the PEM chain leaf-first.
std::string ChainFor(const crypto::PublicKey& subject) {
  const TimePoint now = SystemClock().Now();
  const crypto::PrivateKey ca_key =
      crypto::PrivateKey::Generate(crypto::KeyAlgorithm::kEcP256).value();
  const crypto::PublicKey ca_public = ca_key.GetPublicKey();
  const crypto::Certificate ca =
      crypto::IssueCertificate({.common_name = "token CA",
                                .organization = "",
                                .subject_key = ca_public,
                                .serial = 1,
                                .not_before = now - std::chrono::hours(1),
                                .not_after = now + std::chrono::hours(24),
                                .is_ca = true,
                                .extensions = {}},
                               {.key = ca_key})
          .value();
  const crypto::Certificate leaf =
      crypto::IssueCertificate(
          {.common_name = "veil-trustee tokens",
           .organization = "",
           .subject_key = subject,
           .serial = 2,
           .not_before = now - std::chrono::hours(1),
           .not_after = now + std::chrono::hours(24),
           .is_ca = false,
           .extensions = {}},
          {.key = ca_key, .issuer = &ca, .digest = crypto::DigestAlgorithm::kSha256})
          .value();
  return Pem(leaf) + Pem(ca);
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
