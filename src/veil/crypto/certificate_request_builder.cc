#include "veil/crypto/certificate_request_builder.h"

#include <openssl/x509v3.h>

#include "veil/crypto/general_names.h"
#include "veil/crypto/openssl_error.h"

namespace veil::crypto {
namespace {

void FreeExtensionStack(STACK_OF(X509_EXTENSION) * stack) {
  sk_X509_EXTENSION_pop_free(stack, X509_EXTENSION_free);
}
using ExtensionStackPtr =
    std::unique_ptr<STACK_OF(X509_EXTENSION), OsslDeleter<&FreeExtensionStack>>;

// The digest that matches the key's strength; none for Ed25519 (it hashes internally).
const EVP_MD* SigningDigest(const PrivateKey& key) {
  if (key.type() == KeyType::kEd25519) return nullptr;
  if (key.type() == KeyType::kEc && !key.IsEc(EcCurve::kP256)) return EVP_sha384();
  return EVP_sha256();
}

Status AddSubjectAltNames(X509_REQ* request, std::span<const SubjectAltName> names) {
  VEIL_ASSIGN_OR_RETURN(GeneralNamesPtr general_names, ToGeneralNames(names));
  ExtensionStackPtr extensions(sk_X509_EXTENSION_new_null());
  X509_EXTENSION* extension = X509V3_EXT_i2d(NID_subject_alt_name, 0, general_names.get());
  if (!extensions || extension == nullptr ||
      sk_X509_EXTENSION_push(extensions.get(), extension) <= 0) {
    X509_EXTENSION_free(extension);
    return Fail(OpensslError(ErrorCode::kInternal, "cannot encode the subjectAltName"));
  }
  if (X509_REQ_add_extensions(request, extensions.get()) != 1) {
    return Fail(OpensslError(ErrorCode::kInternal, "cannot add the extensionRequest"));
  }
  return {};
}

}  // namespace

Result<CertificateRequest> BuildCertificateRequest(const PrivateKey& key,
                                                   std::span<const SubjectAltName> names) {
  X509ReqPtr request(X509_REQ_new());
  if (!request || X509_REQ_set_version(request.get(), X509_REQ_VERSION_1) != 1 ||
      X509_REQ_set_pubkey(request.get(), key.get()) != 1) {
    return Fail(OpensslError(ErrorCode::kInternal, "cannot fill the certificate request"));
  }
  VEIL_TRY(AddSubjectAltNames(request.get(), names));
  if (X509_REQ_sign(request.get(), key.get(), SigningDigest(key)) <= 0) {
    return Fail(OpensslError(ErrorCode::kInternal,
                             "cannot sign the certificate request with " + key.Describe()));
  }
  // Through the parser, so that a built request is exactly what a trustee would read.
  unsigned char* der = nullptr;
  const int length = i2d_X509_REQ(request.get(), &der);
  if (length <= 0) return Fail(OpensslError(ErrorCode::kInternal, "cannot encode the request"));
  const Bytes bytes(der, der + length);
  OPENSSL_free(der);
  return CertificateRequest::ParseDer(bytes);
}

}  // namespace veil::crypto
