#include "veil/crypto/certificate_extensions.h"

#include <openssl/objects.h>
#include <openssl/x509v3.h>

#include <string>

#include "veil/crypto/der.h"
#include "veil/crypto/digest.h"
#include "veil/crypto/general_names.h"
#include "veil/crypto/openssl_error.h"

namespace veil::crypto {
namespace {

using X509ExtensionPtr = std::unique_ptr<X509_EXTENSION, OsslDeleter<&X509_EXTENSION_free>>;
using X509PubkeyPtr = std::unique_ptr<X509_PUBKEY, OsslDeleter<&X509_PUBKEY_free>>;
using AuthorityKeyIdPtr = std::unique_ptr<AUTHORITY_KEYID, OsslDeleter<&AUTHORITY_KEYID_free>>;
using CrlDistPointsPtr = std::unique_ptr<CRL_DIST_POINTS, OsslDeleter<&CRL_DIST_POINTS_free>>;
using DistPointPtr = std::unique_ptr<DIST_POINT, OsslDeleter<&DIST_POINT_free>>;

constexpr std::size_t kKeyIdentifierSize = 20;  // 160 bits
constexpr std::string_view kSubjectKeyIdentifierOid = "2.5.29.14";

CertificateExtension FromOpenssl(X509_EXTENSION& extension) {  // OpenSSL 3.0 getters take non-const
  const ASN1_OBJECT* object = X509_EXTENSION_get_object(&extension);
  char oid[80];
  const int oid_length = OBJ_obj2txt(oid, sizeof oid, object, 1);
  VEIL_CHECK(oid_length > 0 && static_cast<std::size_t>(oid_length) < sizeof oid);
  const ASN1_OCTET_STRING* data = X509_EXTENSION_get_data(&extension);
  const unsigned char* bytes = ASN1_STRING_get0_data(data);
  return CertificateExtension{
      .oid = std::string(oid, static_cast<std::size_t>(oid_length)),
      .der_value = Bytes(bytes, bytes + ASN1_STRING_length(data)),
      .critical = X509_EXTENSION_get_critical(&extension) == 1,
  };
}

// An extension from OpenSSL's configuration syntax: only for constant `value`s written here.
CertificateExtension FromConstantConfig(int nid, const char* value) {
  X509ExtensionPtr extension(X509V3_EXT_nconf_nid(nullptr, nullptr, nid, value));
  VEIL_CHECK(extension);  // a constant known to be well-formed; fails only for memory
  return FromOpenssl(*extension);
}

// `value` is the OpenSSL structure of the extension `nid`.
Result<CertificateExtension> Encoded(int nid, bool critical, void* value) {
  X509ExtensionPtr extension(X509V3_EXT_i2d(nid, critical ? 1 : 0, value));
  if (!extension) {
    return Fail(OpensslError(ErrorCode::kInternal,
                             std::string("cannot encode extension ") + OBJ_nid2sn(nid)));
  }
  return FromOpenssl(*extension);
}

Result<Asn1OctetStringPtr> OctetString(ByteSpan bytes) {
  Asn1OctetStringPtr octets(ASN1_OCTET_STRING_new());
  if (!octets ||
      ASN1_OCTET_STRING_set(octets.get(), bytes.data(), static_cast<int>(bytes.size())) != 1) {
    return Fail(OpensslError(ErrorCode::kInternal, "cannot hold a key identifier"));
  }
  return octets;
}

}  // namespace

Result<CertificateExtension> SubjectAltNameExtension(std::span<const SubjectAltName> names,
                                                     bool critical) {
  VEIL_ASSIGN_OR_RETURN(GeneralNamesPtr general_names, ToGeneralNames(names));
  return Encoded(NID_subject_alt_name, critical, general_names.get());
}

CertificateExtension EndEntityKeyUsageExtension(KeyType key_type) {
  return FromConstantConfig(NID_key_usage, key_type == KeyType::kRsa
                                               ? "critical,digitalSignature,keyEncipherment"
                                               : "critical,digitalSignature");
}

CertificateExtension ServerAndClientAuthExtension() {
  return FromConstantConfig(NID_ext_key_usage, "serverAuth,clientAuth");
}

CertificateExtension EndEntityBasicConstraintsExtension() {
  return FromConstantConfig(NID_basic_constraints, "critical,CA:FALSE");
}

CertificateExtension SubjectKeyIdentifierExtension(const PublicKey& key) {
  auto octets = OctetString(KeyIdentifier(key));
  VEIL_CHECK(octets);  // fails only for memory
  auto extension = Encoded(NID_subject_key_identifier, false, octets->get());
  VEIL_CHECK(extension);
  return *std::move(extension);
}

Result<CertificateExtension> AuthorityKeyIdentifierExtension(const Certificate& issuer) {
  Bytes key_id;
  if (auto subject_key_id = issuer.ExtensionValue(kSubjectKeyIdentifierOid)) {
    auto decoded = DecodeDerOctetString(*subject_key_id);
    if (!decoded) {
      return Fail(Malformed("issuer " + issuer.Subject() +
                            ": undecodable subjectKeyIdentifier: " + decoded.error().message));
    }
    key_id = *std::move(decoded);
  } else {
    VEIL_ASSIGN_OR_RETURN(PublicKey key, issuer.GetPublicKey());
    key_id = KeyIdentifier(key);
  }
  AuthorityKeyIdPtr authority(AUTHORITY_KEYID_new());
  if (!authority) return Fail(OpensslError(ErrorCode::kInternal, "cannot allocate AKID"));
  VEIL_ASSIGN_OR_RETURN(Asn1OctetStringPtr octets, OctetString(key_id));
  authority->keyid = octets.release();  // `authority` owns it now
  return Encoded(NID_authority_key_identifier, false, authority.get());
}

Result<CertificateExtension> CrlDistributionPointExtension(std::string_view uri) {
  if (!uri.starts_with("http://") && !uri.starts_with("https://")) {
    return Fail(InvalidArgument("CRL distribution point \"" + std::string(uri.substr(0, 128)) +
                                "\": expected an http:// or https:// URI"));
  }
  const SubjectAltName name{SubjectAltName::Kind::kUri, std::string(uri)};
  auto general_names = ToGeneralNames(std::span(&name, 1));
  if (!general_names) {
    return Fail(InvalidArgument("CRL distribution point: " + general_names.error().message));
  }
  CrlDistPointsPtr points(sk_DIST_POINT_new_null());
  DistPointPtr point(DIST_POINT_new());
  DIST_POINT_NAME* point_name = DIST_POINT_NAME_new();
  if (!points || !point || point_name == nullptr) {
    DIST_POINT_NAME_free(point_name);
    return Fail(OpensslError(ErrorCode::kInternal, "cannot allocate a distribution point"));
  }
  point->distpoint = point_name;  // `point` owns it now
  point_name->type = 0;           // fullName
  point_name->name.fullname = general_names->release();
  if (sk_DIST_POINT_push(points.get(), point.get()) <= 0) {
    return Fail(OpensslError(ErrorCode::kInternal, "cannot list a distribution point"));
  }
  (void)point.release();  // `points` owns it now
  return Encoded(NID_crl_distribution_points, false, points.get());
}

Bytes KeyIdentifier(const PublicKey& key) {
  X509_PUBKEY* raw = nullptr;
  VEIL_CHECK(X509_PUBKEY_set(&raw, key.get()) == 1);
  const X509PubkeyPtr spki(raw);
  const unsigned char* bits = nullptr;
  int size = 0;
  VEIL_CHECK(X509_PUBKEY_get0_param(nullptr, &bits, &size, nullptr, spki.get()) == 1);
  Bytes digest = Sha256(ByteSpan(bits, static_cast<std::size_t>(size)));
  digest.resize(kKeyIdentifierSize);
  return digest;
}

}  // namespace veil::crypto
