#include "veil/crypto/signer.h"

#include <openssl/rsa.h>

#include "veil/crypto/evp_md.h"
#include "veil/crypto/openssl_error.h"

namespace veil::crypto {

Result<Bytes> Sign(const PrivateKey& key, DigestAlgorithm digest, ByteSpan message) {
  const KeyType type = key.type();
  // EdDSA hashes internally: OpenSSL requires a null digest for it.
  const EVP_MD* md = type == KeyType::kEd25519 ? nullptr : EvpMd(digest);
  EvpMdCtxPtr context(EVP_MD_CTX_new());
  EVP_PKEY_CTX* key_context = nullptr;  // owned by `context`
  if (!context || EVP_DigestSignInit(context.get(), &key_context, md, nullptr, key.get()) != 1) {
    return Fail(OpensslError(ErrorCode::kInvalidArgument, "cannot sign with " + key.Describe()));
  }
  if (type == KeyType::kRsa && EVP_PKEY_CTX_set_rsa_padding(key_context, RSA_PKCS1_PADDING) != 1) {
    return Fail(OpensslError(ErrorCode::kInternal, "cannot select RSASSA-PKCS1-v1_5"));
  }
  std::size_t length = 0;
  if (EVP_DigestSign(context.get(), nullptr, &length, message.data(), message.size()) != 1) {
    return Fail(OpensslError(ErrorCode::kInternal, "cannot size the signature"));
  }
  Bytes signature(length);
  if (EVP_DigestSign(context.get(), signature.data(), &length, message.data(), message.size()) !=
      1) {
    return Fail(OpensslError(ErrorCode::kInternal, "signing with " + key.Describe() + " failed"));
  }
  signature.resize(length);  // DER ECDSA signatures are often shorter than the bound
  return signature;
}

}  // namespace veil::crypto
