#include "veil/crypto/crl.h"

#include <openssl/x509v3.h>

#include "veil/crypto/asn1_time.h"
#include "veil/crypto/openssl_error.h"
#include "veil/crypto/x509_name.h"

namespace veil::crypto {

Crl::Crl(const Crl& other) : crl_(X509_CRL_dup(other.crl_.get())) { VEIL_CHECK(crl_); }

Crl& Crl::operator=(const Crl& other) {
  if (this != &other) {
    crl_.reset(X509_CRL_dup(other.crl_.get()));
    VEIL_CHECK(crl_);
  }
  return *this;
}

Result<Crl> Crl::FromDer(ByteSpan der) {
  const unsigned char* cursor = der.data();
  X509CrlPtr crl(d2i_X509_CRL(nullptr, &cursor, static_cast<long>(der.size())));
  if (!crl) return Fail(OpensslError(ErrorCode::kMalformed, "not a DER X.509 CRL"));
  if (cursor != der.data() + der.size()) {
    return Fail(Malformed(std::to_string(der.data() + der.size() - cursor) +
                          " trailing bytes after DER CRL"));
  }
  return Crl(std::move(crl));
}

std::string Crl::Issuer() const { return X509NameToString(X509_CRL_get_issuer(crl_.get())); }

TimePoint Crl::ThisUpdate() const {
  return Asn1TimeToTimePoint(X509_CRL_get0_lastUpdate(crl_.get()));
}

std::optional<TimePoint> Crl::NextUpdate() const {
  const ASN1_TIME* next = X509_CRL_get0_nextUpdate(crl_.get());
  if (next == nullptr) return std::nullopt;
  return Asn1TimeToTimePoint(next);
}

int Crl::RevokedCount() const {
  const STACK_OF(X509_REVOKED)* revoked = X509_CRL_get_REVOKED(crl_.get());
  return revoked == nullptr ? 0 : sk_X509_REVOKED_num(revoked);
}

Result<std::vector<CrlEntry>> Crl::Entries() const {
  std::vector<CrlEntry> entries;
  const STACK_OF(X509_REVOKED)* revoked = X509_CRL_get_REVOKED(crl_.get());
  for (int i = 0; revoked != nullptr && i < sk_X509_REVOKED_num(revoked); ++i) {
    const X509_REVOKED* entry = sk_X509_REVOKED_value(revoked, i);
    CrlEntry out;
    if (ASN1_INTEGER_get_uint64(&out.serial, X509_REVOKED_get0_serialNumber(entry)) != 1) {
      DrainOpensslErrors();
      return Fail(Unsupported("CRL entry " + std::to_string(i) + ": serial above 64 bits"));
    }
    out.revoked_at = Asn1TimeToTimePoint(X509_REVOKED_get0_revocationDate(entry));
    int critical = 0;
    using Asn1EnumeratedPtr = std::unique_ptr<ASN1_ENUMERATED, OsslDeleter<&ASN1_ENUMERATED_free>>;
    const Asn1EnumeratedPtr code(static_cast<ASN1_ENUMERATED*>(
        X509_REVOKED_get_ext_d2i(entry, NID_crl_reason, &critical, nullptr)));
    if (code) {
      const auto reason = RevocationReasonFromCode(ASN1_ENUMERATED_get(code.get()));
      if (!reason) return Fail(Malformed("CRL entry " + std::to_string(i) + ": unknown reason"));
      out.reason = *reason;
    } else if (critical != -1) {
      return Fail(OpensslError(ErrorCode::kMalformed,
                               "CRL entry " + std::to_string(i) + ": undecodable reason code"));
    }
    entries.push_back(out);
  }
  return entries;
}

std::optional<std::uint64_t> Crl::Number() const {
  const Asn1IntegerPtr number(static_cast<ASN1_INTEGER*>(
      X509_CRL_get_ext_d2i(crl_.get(), NID_crl_number, nullptr, nullptr)));
  std::uint64_t value = 0;
  if (!number || ASN1_INTEGER_get_uint64(&value, number.get()) != 1) {
    DrainOpensslErrors();
    return std::nullopt;
  }
  return value;
}

Bytes Crl::Der() const {
  unsigned char* der = nullptr;
  const int length = i2d_X509_CRL(crl_.get(), &der);
  VEIL_CHECK(length > 0);
  Bytes out(der, der + length);
  OPENSSL_free(der);
  return out;
}

Status Crl::VerifyIssuedBy(const Certificate& issuer) const {
  if (X509_NAME_cmp(X509_CRL_get_issuer(crl_.get()), X509_get_subject_name(issuer.get())) != 0) {
    return Fail(VerificationFailed("CRL issuer " + Issuer() + " is not " + issuer.Subject()));
  }
  EVP_PKEY* key = X509_get0_pubkey(issuer.get());  // owned by the certificate
  if (key == nullptr || X509_CRL_verify(crl_.get(), key) != 1) {
    return Fail(OpensslError(ErrorCode::kVerificationFailed,
                             "CRL of " + Issuer() + " is not signed by that issuer's key"));
  }
  return {};
}

bool Crl::Lists(const Certificate& cert) const {
  X509_REVOKED* entry = nullptr;  // owned by the CRL
  return X509_CRL_get0_by_cert(crl_.get(), &entry, cert.get()) == 1;
}

}  // namespace veil::crypto
