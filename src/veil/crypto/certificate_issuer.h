#pragma once
// Issuing X.509 v3 certificates and CRLs: the minted CAs of src/veil/testing (an AMD-like ARK → ASK
// → VCEK chain) and the trustee's workload CA (workload certificates, their CRLs). Nothing in the
// verification path issues certificates. certificate_extensions.h builds the end-entity
// extensions.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "veil/base/bytes.h"
#include "veil/base/clock.h"
#include "veil/base/result.h"
#include "veil/crypto/certificate.h"
#include "veil/crypto/crl.h"
#include "veil/crypto/digest.h"
#include "veil/crypto/private_key.h"
#include "veil/crypto/public_key.h"
#include "veil/crypto/revocation_reason.h"

namespace veil::crypto {

// One extension with a dotted `oid`; `der_value` is the DER the extnValue OCTET STRING holds.
struct CertificateExtension {
  std::string oid;
  Bytes der_value;
  bool critical = false;
};

struct CertificateTemplate {
  std::string common_name;   // CN=; omitted when empty (with `organization` empty too, the subject
                             // is empty and a subjectAltName extension must be critical)
  std::string organization;  // O=; omitted when empty
  const PublicKey& subject_key;
  std::uint64_t serial = 1;
  TimePoint not_before;
  TimePoint not_after;
  bool is_ca = false;  // critical basicConstraints CA:TRUE and keyUsage keyCertSign, cRLSign
  std::vector<CertificateExtension> extensions;
};

struct CertificateSigner {
  const PrivateKey& key;
  const Certificate* issuer = nullptr;  // nullptr: self-signed (the issuer name is the subject's)
  DigestAlgorithm digest = DigestAlgorithm::kSha384;
  bool rsa_pss = false;  // RSASSA-PSS (salt length = digest length, MGF1 with `digest`)
};

// kInvalidArgument for an unknown OID, an RSA-PSS request with a non-RSA key, or a self-signed
// certificate whose key is not the signer's; kInternal when OpenSSL fails.
Result<Certificate> IssueCertificate(const CertificateTemplate& subject,
                                     const CertificateSigner& signer);

struct CrlTemplate {
  TimePoint this_update;
  TimePoint next_update;
  std::vector<std::uint64_t> revoked_serials;  // each revoked at this_update, without a reason
  // Entries with their own revocation time and reason (listed after `revoked_serials`).
  std::vector<CrlEntry> entries = {};
  // When set, the RFC 5280 CRL extensions: cRLNumber (section 5.2.3) = `number` and
  // authorityKeyIdentifier (section 5.2.1) as certificate_extensions.h computes it.
  std::optional<std::uint64_t> number = std::nullopt;
};

// A v2 CRL issued and signed by `signer` (whose `issuer` is the CA's certificate, required).
// An entry's reason code extension is omitted for kUnspecified (RFC 5280 section 5.3.1).
Result<Crl> IssueCrl(const CrlTemplate& list, const CertificateSigner& signer);

// DER encodings for extension values.
Bytes EncodeDerUnsigned(std::uint64_t value);     // INTEGER
Bytes EncodeDerOctetString(ByteSpan contents);    // OCTET STRING
Bytes EncodeDerIa5String(std::string_view text);  // IA5String

}  // namespace veil::crypto
