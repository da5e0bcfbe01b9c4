#include "veil/testing/intel_test_ca.h"

#include <chrono>

#include "veil/crypto/certificate_issuer.h"
#include "veil/crypto/ecdsa_signature.h"
#include "veil/crypto/signer.h"
#include "veil/endorsement/intel/sgx_extensions.h"

namespace veil::testing {
namespace {

constexpr std::string_view kIntel = "Intel Corporation";
constexpr std::size_t kP256CoordinateSize = 32;
constexpr auto kDay = std::chrono::hours(24);

crypto::CertificateSigner SignedBy(const crypto::PrivateKey& key,
                                   const crypto::Certificate* issuer) {
  return {key, issuer, crypto::DigestAlgorithm::kSha256, false};
}

Result<crypto::Certificate> IssueCa(const std::string& name, const crypto::PrivateKey& key,
                                    std::uint64_t serial, TimePoint now,
                                    const crypto::CertificateSigner& signer) {
  const crypto::PublicKey public_key = key.GetPublicKey();
  return crypto::IssueCertificate(
      {name, std::string(kIntel), public_key, serial, now - kDay, now + 365 * kDay, true, {}},
      signer);
}

Result<endorsement::intel::IssuedCrl> IssueCrlOf(const crypto::PrivateKey& key,
                                                 const crypto::Certificate& issuer,
                                                 std::vector<crypto::Certificate> issuer_chain,
                                                 const std::vector<std::uint64_t>& revoked,
                                                 TimePoint now, std::string source) {
  VEIL_ASSIGN_OR_RETURN(crypto::Crl crl, crypto::IssueCrl({now - kDay, now + 30 * kDay, revoked},
                                                          SignedBy(key, &issuer)));
  return endorsement::intel::IssuedCrl{std::move(crl), std::move(issuer_chain), std::move(source)};
}

}  // namespace

Result<IntelTestCa> IntelTestCa::Create(TimePoint now) {
  VEIL_ASSIGN_OR_RETURN(crypto::PrivateKey root_key,
                        crypto::PrivateKey::Generate(crypto::KeyAlgorithm::kEcP256));
  VEIL_ASSIGN_OR_RETURN(crypto::PrivateKey platform_key,
                        crypto::PrivateKey::Generate(crypto::KeyAlgorithm::kEcP256));
  VEIL_ASSIGN_OR_RETURN(crypto::PrivateKey tcb_signing_key,
                        crypto::PrivateKey::Generate(crypto::KeyAlgorithm::kEcP256));
  VEIL_ASSIGN_OR_RETURN(crypto::Certificate root, IssueCa("Intel SGX Root CA", root_key, 1, now,
                                                          SignedBy(root_key, nullptr)));
  VEIL_ASSIGN_OR_RETURN(crypto::Certificate platform_ca,
                        IssueCa("Intel SGX PCK Platform CA", platform_key, kPlatformCaSerial, now,
                                SignedBy(root_key, &root)));
  const crypto::PublicKey tcb_signing_public = tcb_signing_key.GetPublicKey();
  VEIL_ASSIGN_OR_RETURN(crypto::Certificate tcb_signing,
                        crypto::IssueCertificate({"Intel SGX TCB Signing",
                                                  std::string(kIntel),
                                                  tcb_signing_public,
                                                  kTcbSigningSerial,
                                                  now - kDay,
                                                  now + 365 * kDay,
                                                  false,
                                                  {}},
                                                 SignedBy(root_key, &root)));
  return IntelTestCa(std::move(root_key), std::move(platform_key), std::move(tcb_signing_key),
                     std::move(root), std::move(platform_ca), std::move(tcb_signing), now);
}

Result<IssuedPck> IntelTestCa::IssuePck(ByteSpan sgx_extension, std::uint64_t serial) const {
  VEIL_ASSIGN_OR_RETURN(crypto::PrivateKey key,
                        crypto::PrivateKey::Generate(crypto::KeyAlgorithm::kEcP256));
  const crypto::PublicKey public_key = key.GetPublicKey();
  VEIL_ASSIGN_OR_RETURN(
      crypto::Certificate certificate,
      crypto::IssueCertificate({"Intel SGX PCK Certificate",
                                std::string(kIntel),
                                public_key,
                                serial,
                                now_ - kDay,
                                now_ + 365 * kDay,
                                false,
                                {{std::string(endorsement::intel::kSgxExtensionsOid),
                                  Bytes(sgx_extension.begin(), sgx_extension.end())}}},
                               SignedBy(platform_key_, &platform_ca_)));
  return IssuedPck{std::move(certificate), std::move(key)};
}

Result<endorsement::intel::IssuedCrl> IntelTestCa::RootCaCrl(
    const std::vector<std::uint64_t>& revoked_serials) const {
  return IssueCrlOf(root_key_, root_, {}, revoked_serials, now_, "test root CA CRL");
}

Result<endorsement::intel::IssuedCrl> IntelTestCa::PlatformCaCrl(
    const std::vector<std::uint64_t>& revoked_serials) const {
  return IssueCrlOf(platform_key_, platform_ca_, PlatformCaChain(), revoked_serials, now_,
                    "test PCK platform CA CRL");
}

Result<endorsement::intel::SignedJson> IntelTestCa::SignCollateralBody(std::string body) const {
  const ByteSpan message(reinterpret_cast<const std::uint8_t*>(body.data()), body.size());
  VEIL_ASSIGN_OR_RETURN(const Bytes der,
                        crypto::Sign(tcb_signing_key_, crypto::DigestAlgorithm::kSha256, message));
  VEIL_ASSIGN_OR_RETURN(Bytes raw, crypto::EcdsaDerToRaw(der, kP256CoordinateSize));
  return endorsement::intel::SignedJson{std::move(body), std::move(raw)};
}

}  // namespace veil::testing
