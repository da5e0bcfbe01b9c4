#include "veil/crypto/certificate_issuer.h"

#include <openssl/asn1.h>
#include <openssl/objects.h>
#include <openssl/rsa.h>
#include <openssl/x509v3.h>

#include <chrono>

#include "veil/crypto/certificate_extensions.h"
#include "veil/crypto/evp_md.h"
#include "veil/crypto/openssl_error.h"

namespace veil::crypto {
namespace {

using X509ExtensionPtr = std::unique_ptr<X509_EXTENSION, OsslDeleter<&X509_EXTENSION_free>>;
using X509NamePtr = std::unique_ptr<X509_NAME, OsslDeleter<&X509_NAME_free>>;
using Asn1StringPtr = std::unique_ptr<ASN1_STRING, OsslDeleter<&ASN1_STRING_free>>;
using Asn1TimePtr = std::unique_ptr<ASN1_TIME, OsslDeleter<&ASN1_TIME_free>>;

template <class T, int (*kEncode)(const T*, unsigned char**)>
Bytes ToDer(const T* value) {
  unsigned char* der = nullptr;
  const int length = kEncode(value, &der);
  VEIL_CHECK(length > 0);  // encoding a well-formed primitive cannot fail but for memory
  Bytes out(der, der + length);
  OPENSSL_free(der);
  return out;
}

Result<X509NamePtr> MakeName(const CertificateTemplate& subject) {
  X509NamePtr name(X509_NAME_new());
  const auto add = [&](const char* field, const std::string& value) {
    return X509_NAME_add_entry_by_txt(name.get(), field, MBSTRING_UTF8,
                                      reinterpret_cast<const unsigned char*>(value.c_str()), -1, -1,
                                      0) == 1;
  };
  if (!name || (!subject.common_name.empty() && !add("CN", subject.common_name)) ||
      (!subject.organization.empty() && !add("O", subject.organization))) {
    return Fail(OpensslError(ErrorCode::kInternal, "cannot build the subject name"));
  }
  return name;
}

Status AddExtension(X509* cert, X509ExtensionPtr extension, std::string_view what) {
  if (!extension || X509_add_ext(cert, extension.get(), -1) != 1) {
    return Fail(OpensslError(ErrorCode::kInternal, "cannot add extension " + std::string(what)));
  }
  return {};
}

Status AddCustomExtension(X509* cert, const CertificateExtension& extension) {
  Asn1ObjectPtr oid(OBJ_txt2obj(extension.oid.c_str(), 1));
  if (!oid) return Fail(InvalidArgument("extension OID '" + extension.oid + "' is not dotted"));
  Asn1OctetStringPtr value(ASN1_OCTET_STRING_new());
  if (!value || ASN1_OCTET_STRING_set(value.get(), extension.der_value.data(),
                                      static_cast<int>(extension.der_value.size())) != 1) {
    return Fail(OpensslError(ErrorCode::kInternal, "cannot hold extension " + extension.oid));
  }
  return AddExtension(cert,
                      X509ExtensionPtr(X509_EXTENSION_create_by_OBJ(
                          nullptr, oid.get(), extension.critical ? 1 : 0, value.get())),
                      extension.oid);
}

Status AddCaExtensions(X509* cert) {
  VEIL_TRY(AddExtension(cert,
                        X509ExtensionPtr(X509V3_EXT_nconf_nid(
                            nullptr, nullptr, NID_basic_constraints, "critical,CA:TRUE")),
                        "basicConstraints"));
  return AddExtension(cert,
                      X509ExtensionPtr(X509V3_EXT_nconf_nid(nullptr, nullptr, NID_key_usage,
                                                            "critical,keyCertSign,cRLSign")),
                      "keyUsage");
}

Status SetValidity(X509* cert, TimePoint not_before, TimePoint not_after) {
  const auto seconds = [](TimePoint time) {
    return static_cast<time_t>(
        std::chrono::floor<std::chrono::seconds>(time).time_since_epoch().count());
  };
  if (ASN1_TIME_set(X509_getm_notBefore(cert), seconds(not_before)) == nullptr ||
      ASN1_TIME_set(X509_getm_notAfter(cert), seconds(not_after)) == nullptr) {
    return Fail(OpensslError(ErrorCode::kInternal, "cannot set the validity period"));
  }
  return {};
}

// A digest-sign context for `signer` (RSA-PSS selected when asked), for X509_sign_ctx and
// X509_CRL_sign_ctx.
Result<EvpMdCtxPtr> SigningContext(const CertificateSigner& signer) {
  const bool rsa = signer.key.type() == KeyType::kRsa;
  if (signer.rsa_pss && !rsa) {
    return Fail(InvalidArgument("RSA-PSS needs an RSA key, got " + signer.key.Describe()));
  }
  EvpMdCtxPtr context(EVP_MD_CTX_new());
  EVP_PKEY_CTX* key_context = nullptr;  // owned by `context`
  const EVP_MD* md = signer.key.type() == KeyType::kEd25519 ? nullptr : EvpMd(signer.digest);
  if (!context ||
      EVP_DigestSignInit(context.get(), &key_context, md, nullptr, signer.key.get()) != 1) {
    return Fail(
        OpensslError(ErrorCode::kInvalidArgument, "cannot sign with " + signer.key.Describe()));
  }
  if (signer.rsa_pss &&
      (EVP_PKEY_CTX_set_rsa_padding(key_context, RSA_PKCS1_PSS_PADDING) != 1 ||
       EVP_PKEY_CTX_set_rsa_pss_saltlen(key_context, RSA_PSS_SALTLEN_DIGEST) != 1 ||
       EVP_PKEY_CTX_set_rsa_mgf1_md(key_context, md) != 1)) {
    return Fail(OpensslError(ErrorCode::kInternal, "cannot select RSASSA-PSS"));
  }
  return context;
}

Status SignCertificate(X509* cert, const CertificateSigner& signer) {
  VEIL_ASSIGN_OR_RETURN(EvpMdCtxPtr context, SigningContext(signer));
  if (X509_sign_ctx(cert, context.get()) <= 0) {
    return Fail(OpensslError(ErrorCode::kInternal, "signing the certificate failed"));
  }
  return {};
}

Asn1TimePtr ToAsn1Time(TimePoint time) {
  return Asn1TimePtr(ASN1_TIME_set(
      nullptr, static_cast<time_t>(
                   std::chrono::floor<std::chrono::seconds>(time).time_since_epoch().count())));
}

Status AddRevoked(X509_CRL* crl, const CrlEntry& revoked) {
  using X509RevokedPtr = std::unique_ptr<X509_REVOKED, OsslDeleter<&X509_REVOKED_free>>;
  using Asn1EnumeratedPtr = std::unique_ptr<ASN1_ENUMERATED, OsslDeleter<&ASN1_ENUMERATED_free>>;
  X509RevokedPtr entry(X509_REVOKED_new());
  Asn1IntegerPtr number(ASN1_INTEGER_new());
  const Asn1TimePtr date = ToAsn1Time(revoked.revoked_at);
  if (!entry || !number || !date || ASN1_INTEGER_set_uint64(number.get(), revoked.serial) != 1 ||
      X509_REVOKED_set_serialNumber(entry.get(), number.get()) != 1 ||
      X509_REVOKED_set_revocationDate(entry.get(), date.get()) != 1) {
    return Fail(OpensslError(ErrorCode::kInternal, "cannot fill a revoked entry"));
  }
  if (revoked.reason != RevocationReason::kUnspecified) {
    Asn1EnumeratedPtr code(ASN1_ENUMERATED_new());
    if (!code || ASN1_ENUMERATED_set(code.get(), static_cast<long>(revoked.reason)) != 1 ||
        X509_REVOKED_add1_ext_i2d(entry.get(), NID_crl_reason, code.get(), 0, 0) != 1) {
      return Fail(OpensslError(ErrorCode::kInternal, "cannot add a revocation reason"));
    }
  }
  if (X509_CRL_add0_revoked(crl, entry.get()) != 1) {
    return Fail(OpensslError(ErrorCode::kInternal, "cannot add a revoked serial"));
  }
  (void)entry.release();  // the CRL owns it now
  return {};
}

// cRLNumber and authorityKeyIdentifier (RFC 5280 sections 5.2.3, 5.2.1).
Status AddCrlNumberAndAuthority(X509_CRL* crl, std::uint64_t number, const Certificate& issuer) {
  Asn1IntegerPtr value(ASN1_INTEGER_new());
  if (!value || ASN1_INTEGER_set_uint64(value.get(), number) != 1 ||
      X509_CRL_add1_ext_i2d(crl, NID_crl_number, value.get(), 0, 0) != 1) {
    return Fail(OpensslError(ErrorCode::kInternal, "cannot add the CRL number"));
  }
  VEIL_ASSIGN_OR_RETURN(CertificateExtension authority, AuthorityKeyIdentifierExtension(issuer));
  Asn1ObjectPtr oid(OBJ_txt2obj(authority.oid.c_str(), 1));
  Asn1OctetStringPtr data(ASN1_OCTET_STRING_new());
  if (!oid || !data ||
      ASN1_OCTET_STRING_set(data.get(), authority.der_value.data(),
                            static_cast<int>(authority.der_value.size())) != 1) {
    return Fail(OpensslError(ErrorCode::kInternal, "cannot hold the CRL's authority key id"));
  }
  X509ExtensionPtr extension(X509_EXTENSION_create_by_OBJ(nullptr, oid.get(), 0, data.get()));
  if (!extension || X509_CRL_add_ext(crl, extension.get(), -1) != 1) {
    return Fail(OpensslError(ErrorCode::kInternal, "cannot add the CRL's authority key id"));
  }
  return {};
}

}  // namespace

Result<Certificate> IssueCertificate(const CertificateTemplate& subject,
                                     const CertificateSigner& signer) {
  if (signer.issuer == nullptr && EVP_PKEY_eq(subject.subject_key.get(), signer.key.get()) != 1) {
    return Fail(InvalidArgument("a self-signed certificate must be signed with its own key"));
  }
  X509Ptr cert(X509_new());
  VEIL_ASSIGN_OR_RETURN(X509NamePtr name, MakeName(subject));
  Asn1IntegerPtr serial(ASN1_INTEGER_new());
  if (!cert || !serial || X509_set_version(cert.get(), X509_VERSION_3) != 1 ||
      ASN1_INTEGER_set_uint64(serial.get(), subject.serial) != 1 ||
      X509_set_serialNumber(cert.get(), serial.get()) != 1 ||
      X509_set_subject_name(cert.get(), name.get()) != 1 ||
      X509_set_issuer_name(cert.get(), signer.issuer == nullptr
                                           ? name.get()
                                           : X509_get_subject_name(signer.issuer->get())) != 1 ||
      X509_set_pubkey(cert.get(), subject.subject_key.get()) != 1) {
    return Fail(OpensslError(ErrorCode::kInternal, "cannot fill the certificate"));
  }
  VEIL_TRY(SetValidity(cert.get(), subject.not_before, subject.not_after));
  if (subject.is_ca) VEIL_TRY(AddCaExtensions(cert.get()));
  for (const CertificateExtension& extension : subject.extensions) {
    VEIL_TRY(AddCustomExtension(cert.get(), extension));
  }
  VEIL_TRY(SignCertificate(cert.get(), signer));
  return Certificate::Adopt(std::move(cert));
}

Result<Crl> IssueCrl(const CrlTemplate& list, const CertificateSigner& signer) {
  if (signer.issuer == nullptr)
    return Fail(InvalidArgument("a CRL needs its issuer's certificate"));
  X509CrlPtr crl(X509_CRL_new());
  const Asn1TimePtr this_update = ToAsn1Time(list.this_update);
  const Asn1TimePtr next_update = ToAsn1Time(list.next_update);
  if (!crl || !this_update || !next_update || X509_CRL_set_version(crl.get(), 1) != 1 ||
      X509_CRL_set_issuer_name(crl.get(), X509_get_subject_name(signer.issuer->get())) != 1 ||
      X509_CRL_set1_lastUpdate(crl.get(), this_update.get()) != 1 ||
      X509_CRL_set1_nextUpdate(crl.get(), next_update.get()) != 1) {
    return Fail(OpensslError(ErrorCode::kInternal, "cannot fill the CRL"));
  }
  for (const std::uint64_t serial : list.revoked_serials) {
    VEIL_TRY(AddRevoked(crl.get(), {.serial = serial, .revoked_at = list.this_update}));
  }
  for (const CrlEntry& entry : list.entries) VEIL_TRY(AddRevoked(crl.get(), entry));
  if (list.number) VEIL_TRY(AddCrlNumberAndAuthority(crl.get(), *list.number, *signer.issuer));
  VEIL_ASSIGN_OR_RETURN(EvpMdCtxPtr context, SigningContext(signer));
  if (X509_CRL_sort(crl.get()) != 1 || X509_CRL_sign_ctx(crl.get(), context.get()) <= 0) {
    return Fail(OpensslError(ErrorCode::kInternal, "signing the CRL failed"));
  }
  const Bytes der = ToDer<X509_CRL, &i2d_X509_CRL>(crl.get());
  return Crl::FromDer(der);
}

Bytes EncodeDerUnsigned(std::uint64_t value) {
  Asn1IntegerPtr integer(ASN1_INTEGER_new());
  VEIL_CHECK(integer && ASN1_INTEGER_set_uint64(integer.get(), value) == 1);
  return ToDer<ASN1_INTEGER, &i2d_ASN1_INTEGER>(integer.get());
}

Bytes EncodeDerOctetString(ByteSpan contents) {
  Asn1OctetStringPtr octets(ASN1_OCTET_STRING_new());
  VEIL_CHECK(octets && ASN1_OCTET_STRING_set(octets.get(), contents.data(),
                                             static_cast<int>(contents.size())) == 1);
  return ToDer<ASN1_OCTET_STRING, &i2d_ASN1_OCTET_STRING>(octets.get());
}

Bytes EncodeDerIa5String(std::string_view text) {
  Asn1StringPtr ia5(ASN1_IA5STRING_new());
  VEIL_CHECK(ia5 && ASN1_STRING_set(ia5.get(), text.data(), static_cast<int>(text.size())) == 1);
  return ToDer<ASN1_IA5STRING, &i2d_ASN1_IA5STRING>(ia5.get());
}

}  // namespace veil::crypto
