#include "veil/crypto/rsa_oaep.h"

#include <openssl/rsa.h>

#include "veil/crypto/openssl_error.h"

namespace veil::crypto {
namespace {

// An encrypt or decrypt context for `key` with OAEP, SHA-256 and MGF1-SHA-256.
Result<EvpPkeyCtxPtr> OaepContext(EVP_PKEY* key, bool encrypt) {
  EvpPkeyCtxPtr context(EVP_PKEY_CTX_new_from_pkey(nullptr, key, nullptr));
  const int started = !context  ? 0
                      : encrypt ? EVP_PKEY_encrypt_init(context.get())
                                : EVP_PKEY_decrypt_init(context.get());
  if (started != 1 || EVP_PKEY_CTX_set_rsa_padding(context.get(), RSA_PKCS1_OAEP_PADDING) != 1 ||
      EVP_PKEY_CTX_set_rsa_oaep_md(context.get(), EVP_sha256()) != 1 ||
      EVP_PKEY_CTX_set_rsa_mgf1_md(context.get(), EVP_sha256()) != 1) {
    return Fail(OpensslError(ErrorCode::kInternal, "cannot configure RSA-OAEP-256"));
  }
  return context;
}

}  // namespace

Result<Bytes> RsaOaepSha256Encrypt(const PublicKey& key, ByteSpan plaintext) {
  if (key.type() != KeyType::kRsa)
    return Fail(InvalidArgument("RSA-OAEP needs an RSA key, got " + key.Describe()));
  VEIL_ASSIGN_OR_RETURN(EvpPkeyCtxPtr context, OaepContext(key.get(), true));
  std::size_t length = 0;
  if (EVP_PKEY_encrypt(context.get(), nullptr, &length, plaintext.data(), plaintext.size()) != 1) {
    return Fail(OpensslError(ErrorCode::kInternal, "cannot size the RSA-OAEP ciphertext"));
  }
  Bytes ciphertext(length);
  if (EVP_PKEY_encrypt(context.get(), ciphertext.data(), &length, plaintext.data(),
                       plaintext.size()) != 1) {
    return Fail(OpensslError(ErrorCode::kInvalidArgument, "RSA-OAEP-256 cannot encrypt " +
                                                              std::to_string(plaintext.size()) +
                                                              " bytes to " + key.Describe()));
  }
  ciphertext.resize(length);
  return ciphertext;
}

Result<SecretBytes> RsaOaepSha256Decrypt(const PrivateKey& key, ByteSpan ciphertext) {
  if (key.type() != KeyType::kRsa)
    return Fail(InvalidArgument("RSA-OAEP needs an RSA key, got " + key.Describe()));
  VEIL_ASSIGN_OR_RETURN(EvpPkeyCtxPtr context, OaepContext(key.get(), false));
  std::size_t length = 0;
  if (EVP_PKEY_decrypt(context.get(), nullptr, &length, ciphertext.data(), ciphertext.size()) !=
      1) {
    return Fail(OpensslError(ErrorCode::kInternal, "cannot size the RSA-OAEP plaintext"));
  }
  SecretBytes plaintext(length);
  if (EVP_PKEY_decrypt(context.get(), plaintext.mutable_span().data(), &length, ciphertext.data(),
                       ciphertext.size()) != 1) {
    DrainOpensslErrors();  // deliberately not reported: the reason is a padding oracle
    return Fail(VerificationFailed("RSA-OAEP-256 decryption failed"));
  }
  plaintext.Truncate(length);
  return plaintext;
}

}  // namespace veil::crypto
