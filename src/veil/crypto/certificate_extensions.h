#pragma once
// The X.509 v3 extensions of an end-entity (workload) certificate (RFC 5280 section 4.2), as
// CertificateExtension values for CertificateTemplate::extensions. Criticality follows RFC 5280:
// keyUsage and basicConstraints critical, the others not (subjectAltName is critical only when
// the caller leaves the subject empty, section 4.2.1.6).

#include <span>
#include <string_view>

#include "veil/base/bytes.h"
#include "veil/base/result.h"
#include "veil/crypto/certificate.h"
#include "veil/crypto/certificate_issuer.h"
#include "veil/crypto/public_key.h"
#include "veil/crypto/subject_alt_name.h"

namespace veil::crypto {

// subjectAltName with `names` in order (DNS names and URIs). kInvalidArgument for no names, a
// name ValidateSubjectAltName refuses or a name listed twice.
Result<CertificateExtension> SubjectAltNameExtension(std::span<const SubjectAltName> names,
                                                     bool critical = false);
// keyUsage (critical): digitalSignature, plus keyEncipherment for an RSA key (TLS key transport).
CertificateExtension EndEntityKeyUsageExtension(KeyType key_type);
// extKeyUsage: id-kp-serverAuth and id-kp-clientAuth (one certificate serves both TLS ends).
CertificateExtension ServerAndClientAuthExtension();
// basicConstraints (critical) CA:FALSE.
CertificateExtension EndEntityBasicConstraintsExtension();
// subjectKeyIdentifier: KeyIdentifier(key).
CertificateExtension SubjectKeyIdentifierExtension(const PublicKey& key);
// authorityKeyIdentifier with keyIdentifier only: the issuer's subjectKeyIdentifier when it has
// one, KeyIdentifier of its key otherwise. kMalformed for an undecodable subjectKeyIdentifier.
Result<CertificateExtension> AuthorityKeyIdentifierExtension(const Certificate& issuer);
// cRLDistributionPoints with one distribution point whose fullName is the URI `uri`
// ("http://" or "https://"; kInvalidArgument otherwise or for a URI ValidateSubjectAltName
// refuses).
Result<CertificateExtension> CrlDistributionPointExtension(std::string_view uri);

// RFC 7093 section 2 method 1: the leftmost 160 bits of SHA-256 over the subjectPublicKey BIT
// STRING (without tag, length and unused-bits octet).
Bytes KeyIdentifier(const PublicKey& key);

}  // namespace veil::crypto
