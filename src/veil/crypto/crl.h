#pragma once
// An X.509 certificate revocation list (RFC 5280 section 5) from exact DER. Parsing verifies
// nothing: callers check the signature with the issuer's certificate, the update window at an
// explicit time and whether a certificate is listed, each as its own step with its own message.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "veil/base/bytes.h"
#include "veil/base/clock.h"
#include "veil/base/result.h"
#include "veil/crypto/certificate.h"
#include "veil/crypto/ossl_ptr.h"
#include "veil/crypto/revocation_reason.h"

namespace veil::crypto {

// One revoked certificate: its serial, when it was revoked and why.
struct CrlEntry {
  std::uint64_t serial = 0;
  TimePoint revoked_at;
  RevocationReason reason = RevocationReason::kUnspecified;

  friend bool operator==(const CrlEntry&, const CrlEntry&) = default;
};

using X509CrlPtr = std::unique_ptr<X509_CRL, OsslDeleter<&X509_CRL_free>>;

class Crl {
 public:
  // Exactly one DER CertificateList; trailing bytes are rejected.
  static Result<Crl> FromDer(ByteSpan der);

  Crl(const Crl& other);
  Crl& operator=(const Crl& other);
  Crl(Crl&&) noexcept = default;
  Crl& operator=(Crl&&) noexcept = default;
  ~Crl() = default;

  std::string Issuer() const;  // one-line RFC 2253 form
  TimePoint ThisUpdate() const;
  std::optional<TimePoint> NextUpdate() const;  // optional in RFC 5280
  int RevokedCount() const;
  // Every entry in CRL order. kUnsupported for a serial that does not fit 64 bits, kMalformed
  // for an undecodable or unknown reason code; an entry without one is kUnspecified.
  Result<std::vector<CrlEntry>> Entries() const;
  // The cRLNumber extension, nullopt when absent or above 64 bits.
  std::optional<std::uint64_t> Number() const;
  Bytes Der() const;

  // kVerificationFailed unless `issuer`'s subject is this CRL's issuer and its key signed it.
  Status VerifyIssuedBy(const Certificate& issuer) const;
  // Whether `cert` (matched by issuer name and serial number) is listed.
  bool Lists(const Certificate& cert) const;

 private:
  explicit Crl(X509CrlPtr crl) : crl_(std::move(crl)) {}
  X509CrlPtr crl_;
};

}  // namespace veil::crypto
