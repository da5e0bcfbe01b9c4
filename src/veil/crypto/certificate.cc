#include "veil/crypto/certificate.h"

#include <openssl/asn1.h>
#include <openssl/objects.h>
#include <openssl/pem.h>
#include <openssl/x509v3.h>

#include "veil/crypto/asn1_time.h"
#include "veil/crypto/digest.h"
#include "veil/crypto/general_names.h"
#include "veil/crypto/openssl_error.h"
#include "veil/crypto/x509_name.h"

namespace veil::crypto {

Certificate::Certificate(const Certificate& other) : cert_(X509_dup(other.cert_.get())) {
  VEIL_CHECK(cert_);
}

Certificate& Certificate::operator=(const Certificate& other) {
  if (this != &other) {
    cert_.reset(X509_dup(other.cert_.get()));
    VEIL_CHECK(cert_);
  }
  return *this;
}

Result<Certificate> Certificate::FromDer(ByteSpan der) {
  const unsigned char* cursor = der.data();
  X509Ptr cert(d2i_X509(nullptr, &cursor, static_cast<long>(der.size())));
  if (!cert) return Fail(OpensslError(ErrorCode::kMalformed, "not a DER X.509 certificate"));
  if (cursor != der.data() + der.size()) {
    return Fail(Malformed(std::to_string(der.data() + der.size() - cursor) +
                          " trailing bytes after DER certificate"));
  }
  return Certificate(std::move(cert));
}

Result<std::vector<Certificate>> Certificate::ChainFromPem(std::string_view pem) {
  BioPtr bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
  if (!bio) return Fail(OpensslError(ErrorCode::kInternal, "cannot allocate BIO"));
  std::vector<Certificate> chain;
  while (X509Ptr cert{PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr)}) {
    chain.push_back(Certificate(std::move(cert)));
  }
  DrainOpensslErrors();  // the loop ends on a "no start line" error by design
  if (chain.empty()) return Fail(Malformed("no PEM certificate found"));
  return chain;
}

Result<Certificate> Certificate::FromDerOrPem(ByteSpan bytes) {
  const std::string_view text(reinterpret_cast<const char*>(bytes.data()), bytes.size());
  if (text.find("-----BEGIN CERTIFICATE-----") != std::string_view::npos) {
    VEIL_ASSIGN_OR_RETURN(auto chain, ChainFromPem(text));
    return std::move(chain.front());
  }
  return FromDer(bytes);
}

std::string Certificate::Subject() const {
  return X509NameToString(X509_get_subject_name(cert_.get()));
}
std::string Certificate::Issuer() const {
  return X509NameToString(X509_get_issuer_name(cert_.get()));
}

std::string Certificate::CommonName() const {
  const X509_NAME* name = X509_get_subject_name(cert_.get());
  const int index = X509_NAME_get_index_by_NID(name, NID_commonName, -1);
  if (index < 0) return {};
  const ASN1_STRING* value = X509_NAME_ENTRY_get_data(X509_NAME_get_entry(name, index));
  return std::string(reinterpret_cast<const char*>(ASN1_STRING_get0_data(value)),
                     static_cast<std::size_t>(ASN1_STRING_length(value)));
}

TimePoint Certificate::NotBefore() const {
  return Asn1TimeToTimePoint(X509_get0_notBefore(cert_.get()));
}
TimePoint Certificate::NotAfter() const {
  return Asn1TimeToTimePoint(X509_get0_notAfter(cert_.get()));
}

Result<PublicKey> Certificate::GetPublicKey() const {
  EvpPkeyPtr key(X509_get_pubkey(cert_.get()));
  if (!key)
    return Fail(OpensslError(ErrorCode::kUnsupported, "certificate public key is not usable"));
  return PublicKey::Adopt(std::move(key));
}

Bytes Certificate::Der() const {
  unsigned char* der = nullptr;
  const int length = i2d_X509(cert_.get(), &der);
  VEIL_CHECK(length > 0);
  Bytes out(der, der + length);
  OPENSSL_free(der);
  return out;
}

Bytes Certificate::Sha256Fingerprint() const { return Sha256(Der()); }

std::optional<Bytes> Certificate::ExtensionValue(std::string_view oid) const {
  Asn1ObjectPtr object(OBJ_txt2obj(std::string(oid).c_str(), 1));
  if (!object) {
    DrainOpensslErrors();
    return std::nullopt;
  }
  const int index = X509_get_ext_by_OBJ(cert_.get(), object.get(), -1);
  if (index < 0) return std::nullopt;
  const ASN1_OCTET_STRING* data = X509_EXTENSION_get_data(X509_get_ext(cert_.get(), index));
  const unsigned char* bytes = ASN1_STRING_get0_data(data);
  return Bytes(bytes, bytes + ASN1_STRING_length(data));
}

Result<std::vector<SubjectAltName>> Certificate::SubjectAltNames() const {
  int critical = 0;
  GeneralNamesPtr names(static_cast<GENERAL_NAMES*>(
      X509_get_ext_d2i(cert_.get(), NID_subject_alt_name, &critical, nullptr)));
  if (!names) {
    if (critical == -1) return std::vector<SubjectAltName>{};
    return Fail(critical == -2 ? InvalidArgument("certificate: more than one subjectAltName")
                               : OpensslError(ErrorCode::kMalformed,
                                              "certificate: undecodable subjectAltName"));
  }
  auto parsed = FromGeneralNames(*names);
  if (!parsed) return Fail(std::move(parsed).error().WithContext("certificate"));
  return parsed;
}

}  // namespace veil::crypto
