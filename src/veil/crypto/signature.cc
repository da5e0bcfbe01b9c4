#include "veil/crypto/signature.h"

#include <openssl/ecdsa.h>
#include <openssl/rsa.h>

#include "veil/crypto/evp_md.h"
#include "veil/crypto/openssl_error.h"

namespace veil::crypto {
namespace {

Status RequireKeyType(const PublicKey& key, KeyType expected, std::string_view scheme) {
  if (key.type() != expected) {
    return Fail(
        InvalidArgument(std::string(scheme) + " needs a matching key, got " + key.Describe()));
  }
  return {};
}

// Runs EVP_DigestVerify; `configure` may set padding on the key context.
template <class Configure>
Status DigestVerify(const PublicKey& key, DigestAlgorithm digest, ByteSpan message,
                    ByteSpan signature, std::string_view scheme, Configure configure) {
  EvpMdCtxPtr context(EVP_MD_CTX_new());
  EVP_PKEY_CTX* key_context = nullptr;  // owned by `context`
  if (!context ||
      EVP_DigestVerifyInit(context.get(), &key_context, EvpMd(digest), nullptr, key.get()) != 1) {
    return Fail(OpensslError(ErrorCode::kInvalidArgument,
                             std::string(scheme) + ": cannot use " + key.Describe()));
  }
  if (!configure(key_context)) {
    return Fail(
        OpensslError(ErrorCode::kInternal, std::string(scheme) + ": cannot configure padding"));
  }
  const int verdict = EVP_DigestVerify(context.get(), signature.data(), signature.size(),
                                       message.data(), message.size());
  DrainOpensslErrors();  // a wrong signature leaves entries we do not want to leak into later
                         // errors
  if (verdict != 1) {
    return Fail(VerificationFailed(std::string(scheme) + " signature (" +
                                   std::string(DigestName(digest)) + ") does not verify with " +
                                   key.Describe()));
  }
  return {};
}

// EdDSA takes no digest, so it cannot share DigestVerify (which always names one).
Status VerifyWithoutDigest(const PublicKey& key, ByteSpan message, ByteSpan signature,
                           std::string_view scheme) {
  EvpMdCtxPtr context(EVP_MD_CTX_new());
  if (!context || EVP_DigestVerifyInit(context.get(), nullptr, nullptr, nullptr, key.get()) != 1) {
    return Fail(OpensslError(ErrorCode::kInvalidArgument,
                             std::string(scheme) + ": cannot use " + key.Describe()));
  }
  const int verdict = EVP_DigestVerify(context.get(), signature.data(), signature.size(),
                                       message.data(), message.size());
  DrainOpensslErrors();
  if (verdict != 1) {
    return Fail(VerificationFailed(std::string(scheme) + " signature does not verify with " +
                                   key.Describe()));
  }
  return {};
}

}  // namespace

Status VerifyEcdsaDer(const PublicKey& key, DigestAlgorithm digest, ByteSpan message,
                      ByteSpan der_signature) {
  VEIL_TRY(RequireKeyType(key, KeyType::kEc, "ECDSA"));
  return DigestVerify(key, digest, message, der_signature, "ECDSA",
                      [](EVP_PKEY_CTX*) { return true; });
}

Status VerifyEcdsaRaw(const PublicKey& key, DigestAlgorithm digest, ByteSpan message, ByteSpan r,
                      ByteSpan s) {
  VEIL_TRY(RequireKeyType(key, KeyType::kEc, "ECDSA"));
  BigNumPtr r_bn(BN_bin2bn(r.data(), static_cast<int>(r.size()), nullptr));
  BigNumPtr s_bn(BN_bin2bn(s.data(), static_cast<int>(s.size()), nullptr));
  EcdsaSigPtr signature(ECDSA_SIG_new());
  if (!r_bn || !s_bn || !signature)
    return Fail(OpensslError(ErrorCode::kInternal, "ECDSA: allocation failed"));
  if (ECDSA_SIG_set0(signature.get(), r_bn.get(), s_bn.get()) != 1) {
    return Fail(OpensslError(ErrorCode::kInternal, "ECDSA: cannot assemble signature"));
  }
  (void)r_bn.release();  // now owned by `signature`
  (void)s_bn.release();
  unsigned char* der = nullptr;
  const int length = i2d_ECDSA_SIG(signature.get(), &der);
  if (length <= 0)
    return Fail(OpensslError(ErrorCode::kInternal, "ECDSA: cannot encode signature"));
  const Bytes der_signature(der, der + length);
  OPENSSL_free(der);
  return VerifyEcdsaDer(key, digest, message, der_signature);
}

Status VerifyRsaPkcs1(const PublicKey& key, DigestAlgorithm digest, ByteSpan message,
                      ByteSpan signature) {
  VEIL_TRY(RequireKeyType(key, KeyType::kRsa, "RSASSA-PKCS1-v1_5"));
  return DigestVerify(key, digest, message, signature, "RSASSA-PKCS1-v1_5",
                      [](EVP_PKEY_CTX* context) {
                        return EVP_PKEY_CTX_set_rsa_padding(context, RSA_PKCS1_PADDING) == 1;
                      });
}

Status VerifyRsaPss(const PublicKey& key, DigestAlgorithm digest, ByteSpan message,
                    ByteSpan signature, int salt_length) {
  VEIL_TRY(RequireKeyType(key, KeyType::kRsa, "RSA-PSS"));
  return DigestVerify(key, digest, message, signature, "RSA-PSS", [&](EVP_PKEY_CTX* context) {
    return EVP_PKEY_CTX_set_rsa_padding(context, RSA_PKCS1_PSS_PADDING) == 1 &&
           EVP_PKEY_CTX_set_rsa_mgf1_md(context, EvpMd(digest)) == 1 &&
           EVP_PKEY_CTX_set_rsa_pss_saltlen(
               context, salt_length < 0 ? RSA_PSS_SALTLEN_AUTO : salt_length) == 1;
  });
}

Status VerifyEd25519(const PublicKey& key, ByteSpan message, ByteSpan signature) {
  VEIL_TRY(RequireKeyType(key, KeyType::kEd25519, "Ed25519"));
  return VerifyWithoutDigest(key, message, signature, "Ed25519");
}

}  // namespace veil::crypto
