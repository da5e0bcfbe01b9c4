#include "veil/testing/certificate_chain.h"

#include "veil/base/base64.h"
#include "veil/crypto/certificate_issuer.h"
#include "veil/crypto/private_key.h"

namespace veil::testing {

std::vector<crypto::Certificate> IssueTestChain(const crypto::PublicKey& subject, TimePoint now) {
  const TimePoint not_before = now - std::chrono::hours(1);
  const TimePoint not_after = now + std::chrono::hours(24);
  const crypto::PrivateKey ca_key =
      crypto::PrivateKey::Generate(crypto::KeyAlgorithm::kEcP256).value();
  const crypto::PublicKey ca_public = ca_key.GetPublicKey();
  crypto::Certificate ca = crypto::IssueCertificate({.common_name = "Veil test CA",
                                                     .organization = "",
                                                     .subject_key = ca_public,
                                                     .serial = 1,
                                                     .not_before = not_before,
                                                     .not_after = not_after,
                                                     .is_ca = true,
                                                     .extensions = {}},
                                                    {.key = ca_key})
                               .value();
  crypto::Certificate leaf =
      crypto::IssueCertificate(
          {.common_name = "Veil test leaf",
           .organization = "",
           .subject_key = subject,
           .serial = 2,
           .not_before = not_before,
           .not_after = not_after,
           .is_ca = false,
           .extensions = {}},
          {.key = ca_key, .issuer = &ca, .digest = crypto::DigestAlgorithm::kSha256})
          .value();
  return {std::move(leaf), std::move(ca)};
}

std::string ChainPem(const std::vector<crypto::Certificate>& chain) {
  std::string pem;
  for (const crypto::Certificate& certificate : chain) {
    const std::string body = Base64Encode(certificate.Der());
    pem += "-----BEGIN CERTIFICATE-----\n";
    for (std::size_t at = 0; at < body.size(); at += 64) pem += body.substr(at, 64) + "\n";
    pem += "-----END CERTIFICATE-----\n";
  }
  return pem;
}

}  // namespace veil::testing
