#pragma once
// A PKCS#10 certificate signing request (RFC 2986): what a workload sends to have its key
// certified. Parsing checks the structure only; VerifySelfSignature is the proof of possession,
// subject_alt_names() the names requested (from the extensionRequest attribute, RFC 2985
// section 5.4.2). Which key types and names are acceptable is the issuer's decision.

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "veil/base/bytes.h"
#include "veil/base/result.h"
#include "veil/crypto/ossl_ptr.h"
#include "veil/crypto/public_key.h"
#include "veil/crypto/subject_alt_name.h"

namespace veil::crypto {

inline constexpr std::size_t kMaxCertificateRequestPemSize = 64 * 1024;
inline constexpr std::size_t kMaxCertificateRequestDerSize = 32 * 1024;

class CertificateRequest {
 public:
  // Exactly one PEM "CERTIFICATE REQUEST" (or "NEW CERTIFICATE REQUEST") block, at most
  // kMaxCertificateRequestPemSize bytes, with nothing but white space around it: kMalformed for
  // anything else (a second block, text before or after, PEM headers), then as ParseDer.
  static Result<CertificateRequest> ParsePem(std::string_view pem);
  // Exactly one DER CertificationRequest of version 1 (0), at most
  // kMaxCertificateRequestDerSize bytes; trailing bytes are rejected (kMalformed).
  static Result<CertificateRequest> ParseDer(ByteSpan der);

  CertificateRequest(const CertificateRequest& other);
  CertificateRequest& operator=(const CertificateRequest& other);
  CertificateRequest(CertificateRequest&&) noexcept = default;
  CertificateRequest& operator=(CertificateRequest&&) noexcept = default;
  ~CertificateRequest() = default;

  // The proof of possession: the request is signed by the key it carries, with ECDSA, RSA
  // (PKCS#1 v1.5 or PSS) over SHA-256/384/512, or Ed25519. kVerificationFailed naming why: a
  // weak or unknown signature algorithm (named), an unreadable key, or a signature that does not
  // verify.
  Status VerifySelfSignature() const;
  // The requested key, whatever its type and size (RSA-1024 included: the issuer refuses it by
  // type() and bits()); kMalformed when OpenSSL cannot decode it.
  Result<PublicKey> public_key() const;
  // The requested names in request order; empty when the request has no subjectAltName.
  // kInvalidArgument for a name that is not a DNS name or URI (naming it, e.g. "IP address
  // 10.0.0.1"), a name ValidateSubjectAltName refuses, or more than one subjectAltName
  // extension; kMalformed for an undecodable extensionRequest.
  Result<std::vector<SubjectAltName>> subject_alt_names() const;
  // The subject as one-line RFC 2253 text (informational: issuers ignore it).
  std::string Subject() const;

  std::string Pem() const;
  Bytes Der() const;

  X509_REQ* get() const { return request_.get(); }

 private:
  explicit CertificateRequest(X509ReqPtr request) : request_(std::move(request)) {}
  X509ReqPtr request_;
};

}  // namespace veil::crypto
