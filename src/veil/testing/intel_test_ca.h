#pragma once
// IntelTestCa: an Intel-shaped DCAP endorsement hierarchy minted for tests, so that revocations
// and Revoked TCB or QE levels, which no real Intel CRL or TCB Info lists for a fixture quote, are
// reached on purpose (Intel "SGX PCK Certificate and CRL Profile"):
//   root         "Intel SGX Root CA" look-alike, self-signed, EC P-256, ECDSA with SHA-256
//   platform CA  "Intel SGX PCK Platform CA", issued by the root
//   TCB signing  "Intel SGX TCB Signing", issued by the root; signs collateral JSON bodies
//   PCK leaves   "Intel SGX PCK Certificate", issued by the platform CA, carrying the SGX
//                extension a test gives (usually copied from a real PCK certificate)
// and CRLs of the root and the platform CA. Pass root() as the verifier's `intel_root`; no
// shipped path accepts another root than the bundled one.

#include <cstdint>
#include <string>
#include <vector>

#include "veil/base/bytes.h"
#include "veil/base/clock.h"
#include "veil/base/result.h"
#include "veil/crypto/certificate.h"
#include "veil/crypto/private_key.h"
#include "veil/endorsement/intel/collateral.h"
#include "veil/endorsement/intel/signed_json.h"

namespace veil::testing {

struct IssuedPck {
  crypto::Certificate certificate;
  crypto::PrivateKey key;  // EC P-256: signs QE reports
};

class IntelTestCa {
 public:
  static constexpr std::uint64_t kPlatformCaSerial = 2;
  static constexpr std::uint64_t kTcbSigningSerial = 3;

  // Certificates valid from `now` - 1 day to `now` + 1 year.
  static Result<IntelTestCa> Create(TimePoint now);

  const crypto::Certificate& root() const { return root_; }
  const crypto::Certificate& platform_ca() const { return platform_ca_; }
  // {TCB signing certificate, root}: the issuer chain of TCB Info and QE identities.
  std::vector<crypto::Certificate> TcbSigningChain() const { return {tcb_signing_, root_}; }
  // {platform CA, root}: the issuer chain of the platform CA's CRL.
  std::vector<crypto::Certificate> PlatformCaChain() const { return {platform_ca_, root_}; }

  // A PCK leaf numbered `serial` carrying `sgx_extension`, the DER value of OID
  // 1.2.840.113741.1.13.1.
  Result<IssuedPck> IssuePck(ByteSpan sgx_extension, std::uint64_t serial) const;

  // CRLs current from `now` - 1 day to `now` + 30 days, listing `revoked_serials`.
  Result<endorsement::intel::IssuedCrl> RootCaCrl(
      const std::vector<std::uint64_t>& revoked_serials) const;
  Result<endorsement::intel::IssuedCrl> PlatformCaCrl(
      const std::vector<std::uint64_t>& revoked_serials) const;

  // `body` signed as Intel signs collateral: ECDSA P-256 with SHA-256 over the exact text, r||s.
  Result<endorsement::intel::SignedJson> SignCollateralBody(std::string body) const;

 private:
  IntelTestCa(crypto::PrivateKey root_key, crypto::PrivateKey platform_key,
              crypto::PrivateKey tcb_signing_key, crypto::Certificate root,
              crypto::Certificate platform_ca, crypto::Certificate tcb_signing, TimePoint now)
      : root_key_(std::move(root_key)),
        platform_key_(std::move(platform_key)),
        tcb_signing_key_(std::move(tcb_signing_key)),
        root_(std::move(root)),
        platform_ca_(std::move(platform_ca)),
        tcb_signing_(std::move(tcb_signing)),
        now_(now) {}

  crypto::PrivateKey root_key_;
  crypto::PrivateKey platform_key_;
  crypto::PrivateKey tcb_signing_key_;
  crypto::Certificate root_;
  crypto::Certificate platform_ca_;
  crypto::Certificate tcb_signing_;
  TimePoint now_;
};

}  // namespace veil::testing
