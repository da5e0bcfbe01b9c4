#pragma once
// Issuing X.509 v3 certificates and CRLs: the minted CAs of src/veil/testing (an AMD-like ARK → ASK
// → VCEK chain) are built here, because crypto/ is the only folder that includes <openssl/*>.
// Nothing in the verification path issues certificates.

#include <cstdint>
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

namespace veil::crypto {

// One extension with a dotted `oid`; `der_value` is the DER the extnValue OCTET STRING holds.
struct CertificateExtension {
  std::string oid;
  Bytes der_value;
};

struct CertificateTemplate {
  std::string common_name;
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
  std::vector<std::uint64_t> revoked_serials;  // each revoked at this_update
};

// A v2 CRL issued and signed by `signer` (whose `issuer` is the CA's certificate, required).
Result<Crl> IssueCrl(const CrlTemplate& list, const CertificateSigner& signer);

// DER encodings for extension values.
Bytes EncodeDerUnsigned(std::uint64_t value);     // INTEGER
Bytes EncodeDerOctetString(ByteSpan contents);    // OCTET STRING
Bytes EncodeDerIa5String(std::string_view text);  // IA5String

}  // namespace veil::crypto
