#pragma once
// An X.509 certificate: parsed from exact DER (evidence) or PEM (config and CLI), with the
// fields verifiers need. Parsing does not verify anything; see chain.h.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "veil/base/bytes.h"
#include "veil/base/clock.h"
#include "veil/base/result.h"
#include "veil/crypto/ossl_ptr.h"
#include "veil/crypto/public_key.h"
#include "veil/crypto/subject_alt_name.h"

namespace veil::crypto {

class Certificate {
 public:
  // Exactly one DER certificate; trailing bytes are rejected.
  static Result<Certificate> FromDer(ByteSpan der);
  // Every certificate of a PEM bundle, in file order; fails on an empty bundle.
  static Result<std::vector<Certificate>> ChainFromPem(std::string_view pem);
  // A single certificate in DER or PEM (the first PEM block).
  static Result<Certificate> FromDerOrPem(ByteSpan bytes);
  // Takes ownership of an OpenSSL certificate.
  static Certificate Adopt(X509Ptr cert) { return Certificate(std::move(cert)); }

  Certificate(const Certificate& other);
  Certificate& operator=(const Certificate& other);
  Certificate(Certificate&&) noexcept = default;
  Certificate& operator=(Certificate&&) noexcept = default;
  ~Certificate() = default;

  std::string Subject() const;  // one-line RFC 2253 form
  std::string Issuer() const;
  std::string CommonName() const;  // subject CN, empty when absent
  TimePoint NotBefore() const;
  TimePoint NotAfter() const;
  Result<PublicKey> GetPublicKey() const;
  Bytes Der() const;
  Bytes Sha256Fingerprint() const;  // SHA-256 of the DER encoding
  // The contents of extnValue (the bytes inside the OCTET STRING) of the extension with the
  // dotted `oid`, or nullopt when the certificate does not carry it.
  std::optional<Bytes> ExtensionValue(std::string_view oid) const;
  // The DNS names and URIs of the subjectAltName extension in order, empty without one; fails as
  // CertificateRequest::subject_alt_names() does for other names (workload certificates only
  // carry these two kinds).
  Result<std::vector<SubjectAltName>> SubjectAltNames() const;

  X509* get() const { return cert_.get(); }

 private:
  explicit Certificate(X509Ptr cert) : cert_(std::move(cert)) {}
  X509Ptr cert_;
};

}  // namespace veil::crypto
