#pragma once
// An X.509 certificate revocation list (RFC 5280 section 5) from exact DER. Parsing verifies
// nothing: callers check the signature with the issuer's certificate, the update window at an
// explicit time and whether a certificate is listed, each as its own step with its own message.

#include <optional>
#include <string>

#include "veil/base/bytes.h"
#include "veil/base/clock.h"
#include "veil/base/result.h"
#include "veil/crypto/certificate.h"
#include "veil/crypto/ossl_ptr.h"

namespace veil::crypto {

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
