#include "veil/crypto/certificate_request.h"

#include <openssl/objects.h>
#include <openssl/pem.h>
#include <openssl/x509v3.h>

#include <algorithm>
#include <array>

#include "veil/crypto/general_names.h"
#include "veil/crypto/openssl_error.h"
#include "veil/crypto/x509_name.h"

namespace veil::crypto {
namespace {

void FreeExtensionStack(STACK_OF(X509_EXTENSION) * stack) {
  sk_X509_EXTENSION_pop_free(stack, X509_EXTENSION_free);
}
using ExtensionStackPtr =
    std::unique_ptr<STACK_OF(X509_EXTENSION), OsslDeleter<&FreeExtensionStack>>;

bool IsBlank(std::string_view text) {
  return std::all_of(text.begin(), text.end(),
                     [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; });
}

// What PEM_read_bio hands back, freed with OPENSSL_free.
struct PemBlock {
  char* name = nullptr;
  char* header = nullptr;
  unsigned char* data = nullptr;
  long length = 0;
  ~PemBlock() {
    OPENSSL_free(name);
    OPENSSL_free(header);
    OPENSSL_free(data);
  }
};

// The signature algorithms a proof of possession may use: no SHA-1, no MD5.
constexpr std::array kAcceptedSignatures = {
    NID_ecdsa_with_SHA256,
    NID_ecdsa_with_SHA384,
    NID_ecdsa_with_SHA512,
    NID_sha256WithRSAEncryption,
    NID_sha384WithRSAEncryption,
    NID_sha512WithRSAEncryption,
    NID_rsassaPss,
    NID_ED25519,
};

}  // namespace

CertificateRequest::CertificateRequest(const CertificateRequest& other)
    : request_(X509_REQ_dup(other.request_.get())) {
  VEIL_CHECK(request_);
}

CertificateRequest& CertificateRequest::operator=(const CertificateRequest& other) {
  if (this != &other) {
    request_.reset(X509_REQ_dup(other.request_.get()));
    VEIL_CHECK(request_);
  }
  return *this;
}

Result<CertificateRequest> CertificateRequest::ParsePem(std::string_view pem) {
  if (pem.size() > kMaxCertificateRequestPemSize) {
    return Fail(Malformed("certificate request PEM: " + std::to_string(pem.size()) +
                          " bytes, more than the " + std::to_string(kMaxCertificateRequestPemSize) +
                          " accepted"));
  }
  const std::size_t start = pem.find_first_not_of(" \t\r\n");
  if (start == std::string_view::npos || !pem.substr(start).starts_with("-----BEGIN ")) {
    return Fail(
        Malformed("certificate request PEM: expected \"-----BEGIN CERTIFICATE "
                  "REQUEST-----\" first"));
  }
  BioPtr bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
  if (!bio) return Fail(OpensslError(ErrorCode::kInternal, "cannot allocate BIO"));
  PemBlock block;
  if (PEM_read_bio(bio.get(), &block.name, &block.header, &block.data, &block.length) != 1) {
    return Fail(OpensslError(ErrorCode::kMalformed, "certificate request PEM: unreadable block"));
  }
  const std::string_view name = block.name;
  if (name != "CERTIFICATE REQUEST" && name != "NEW CERTIFICATE REQUEST") {
    return Fail(
        Malformed("certificate request PEM: expected a \"CERTIFICATE REQUEST\" block, "
                  "found \"" +
                  std::string(name.substr(0, 64)) + "\""));
  }
  if (block.header != nullptr && block.header[0] != '\0') {
    return Fail(Malformed("certificate request PEM: headers (encryption) are not accepted"));
  }
  char* rest = nullptr;
  const long rest_size = BIO_get_mem_data(bio.get(), &rest);
  if (rest_size > 0 && !IsBlank(std::string_view(rest, static_cast<std::size_t>(rest_size)))) {
    return Fail(
        Malformed("certificate request PEM: text after the request (exactly one "
                  "request is accepted)"));
  }
  return ParseDer(ByteSpan(block.data, static_cast<std::size_t>(block.length)));
}

Result<CertificateRequest> CertificateRequest::ParseDer(ByteSpan der) {
  if (der.size() > kMaxCertificateRequestDerSize) {
    return Fail(Malformed("certificate request: " + std::to_string(der.size()) +
                          " DER bytes, more than the " +
                          std::to_string(kMaxCertificateRequestDerSize) + " accepted"));
  }
  const unsigned char* cursor = der.data();
  X509ReqPtr request(d2i_X509_REQ(nullptr, &cursor, static_cast<long>(der.size())));
  if (!request) {
    return Fail(OpensslError(ErrorCode::kMalformed, "not a DER PKCS#10 certificate request"));
  }
  if (cursor != der.data() + der.size()) {
    return Fail(Malformed(std::to_string(der.data() + der.size() - cursor) +
                          " trailing bytes after DER certificate request"));
  }
  if (const long version = X509_REQ_get_version(request.get()); version != X509_REQ_VERSION_1) {
    return Fail(
        Malformed("certificate request: expected version 1 (0), found " + std::to_string(version)));
  }
  return CertificateRequest(std::move(request));
}

Status CertificateRequest::VerifySelfSignature() const {
  const int nid = X509_REQ_get_signature_nid(request_.get());
  if (std::find(kAcceptedSignatures.begin(), kAcceptedSignatures.end(), nid) ==
      kAcceptedSignatures.end()) {
    const char* name = OBJ_nid2ln(nid);
    return Fail(VerificationFailed(
        "certificate request signature algorithm " + std::string(name ? name : "(unknown)") +
        " is not accepted (ECDSA, RSA or RSA-PSS with SHA-256/384/512, or Ed25519)"));
  }
  auto key = public_key();
  if (!key) {
    return Fail(VerificationFailed("certificate request: its public key cannot be decoded"));
  }
  if (X509_REQ_verify(request_.get(), key->get()) != 1) {
    return Fail(OpensslError(ErrorCode::kVerificationFailed,
                             "certificate request: the signature does not verify with the " +
                                 key->Describe() + " key it carries (no proof of possession)"));
  }
  return {};
}

Result<PublicKey> CertificateRequest::public_key() const {
  EvpPkeyPtr key(X509_REQ_get_pubkey(request_.get()));
  if (!key) {
    return Fail(OpensslError(ErrorCode::kMalformed, "certificate request: undecodable public key"));
  }
  return PublicKey::Adopt(std::move(key));
}

Result<std::vector<SubjectAltName>> CertificateRequest::subject_alt_names() const {
  ExtensionStackPtr extensions(X509_REQ_get_extensions(request_.get()));
  if (!extensions) {
    // No extensionRequest attribute (or one OpenSSL cannot decode: told apart below).
    if (X509_REQ_get_attr_by_NID(request_.get(), NID_ext_req, -1) >= 0) {
      return Fail(
          OpensslError(ErrorCode::kMalformed, "certificate request: undecodable extensionRequest"));
    }
    DrainOpensslErrors();
    return std::vector<SubjectAltName>{};
  }
  int critical = 0;
  GeneralNamesPtr names(static_cast<GENERAL_NAMES*>(
      X509V3_get_d2i(extensions.get(), NID_subject_alt_name, &critical, nullptr)));
  if (!names) {
    if (critical == -1) return std::vector<SubjectAltName>{};
    return Fail(critical == -2
                    ? InvalidArgument("certificate request: more than one subjectAltName")
                    : OpensslError(ErrorCode::kMalformed,
                                   "certificate request: undecodable subjectAltName"));
  }
  auto parsed = FromGeneralNames(*names);
  if (!parsed) return Fail(std::move(parsed).error().WithContext("certificate request"));
  return parsed;
}

std::string CertificateRequest::Subject() const {
  return X509NameToString(X509_REQ_get_subject_name(request_.get()));
}

std::string CertificateRequest::Pem() const {
  BioPtr bio(BIO_new(BIO_s_mem()));
  VEIL_CHECK(bio && PEM_write_bio_X509_REQ(bio.get(), request_.get()) == 1);
  char* data = nullptr;
  const long size = BIO_get_mem_data(bio.get(), &data);
  return std::string(data, static_cast<std::size_t>(size));
}

Bytes CertificateRequest::Der() const {
  unsigned char* der = nullptr;
  const int length = i2d_X509_REQ(request_.get(), &der);
  VEIL_CHECK(length > 0);
  Bytes out(der, der + length);
  OPENSSL_free(der);
  return out;
}

}  // namespace veil::crypto
