#include "veil/crypto/rsa_oaep.h"

#include <openssl/rsa.h>

#include "veil/crypto/evp_md.h"
#include "veil/crypto/openssl_error.h"

namespace veil::crypto {
namespace {

// An encrypt or decrypt context for `key` with OAEP, `digest` for the hash and MGF1, and `label`.
Result<EvpPkeyCtxPtr> OaepContext(EVP_PKEY* key, bool encrypt, DigestAlgorithm digest,
                                  ByteSpan label) {
  EvpPkeyCtxPtr context(EVP_PKEY_CTX_new_from_pkey(nullptr, key, nullptr));
  const int started = !context  ? 0
                      : encrypt ? EVP_PKEY_encrypt_init(context.get())
                                : EVP_PKEY_decrypt_init(context.get());
  if (started != 1 || EVP_PKEY_CTX_set_rsa_padding(context.get(), RSA_PKCS1_OAEP_PADDING) != 1 ||
      EVP_PKEY_CTX_set_rsa_oaep_md(context.get(), EvpMd(digest)) != 1 ||
      EVP_PKEY_CTX_set_rsa_mgf1_md(context.get(), EvpMd(digest)) != 1) {
    return Fail(OpensslError(ErrorCode::kInternal, "cannot configure RSA-OAEP"));
  }
  if (!label.empty()) {
    // set0 takes ownership of an OPENSSL_malloc'ed copy, also on failure in OpenSSL 3.
    void* copy = OPENSSL_memdup(label.data(), label.size());
    if (copy == nullptr || EVP_PKEY_CTX_set0_rsa_oaep_label(context.get(), copy,
                                                            static_cast<int>(label.size())) != 1) {
      return Fail(OpensslError(ErrorCode::kInternal, "cannot set the RSA-OAEP label"));
    }
  }
  return context;
}

// "RSA-OAEP-256", as JWA names the SHA-256 variant; the others by their digest size in bits.
std::string OaepName(DigestAlgorithm digest) {
  return "RSA-OAEP-" + std::to_string(DigestSize(digest) * 8);
}

}  // namespace

Result<Bytes> RsaOaepSha256Encrypt(const PublicKey& key, ByteSpan plaintext) {
  return RsaOaepEncrypt(key, DigestAlgorithm::kSha256, {}, plaintext);
}

Result<SecretBytes> RsaOaepSha256Decrypt(const PrivateKey& key, ByteSpan ciphertext) {
  return RsaOaepDecrypt(key, DigestAlgorithm::kSha256, {}, ciphertext);
}

Result<Bytes> RsaOaepEncrypt(const PublicKey& key, DigestAlgorithm digest, ByteSpan label,
                             ByteSpan plaintext) {
  if (key.type() != KeyType::kRsa)
    return Fail(InvalidArgument("RSA-OAEP needs an RSA key, got " + key.Describe()));
  VEIL_ASSIGN_OR_RETURN(EvpPkeyCtxPtr context, OaepContext(key.get(), true, digest, label));
  std::size_t length = 0;
  if (EVP_PKEY_encrypt(context.get(), nullptr, &length, plaintext.data(), plaintext.size()) != 1) {
    return Fail(OpensslError(ErrorCode::kInternal, "cannot size the RSA-OAEP ciphertext"));
  }
  Bytes ciphertext(length);
  if (EVP_PKEY_encrypt(context.get(), ciphertext.data(), &length, plaintext.data(),
                       plaintext.size()) != 1) {
    return Fail(OpensslError(ErrorCode::kInvalidArgument, OaepName(digest) + " cannot encrypt " +
                                                              std::to_string(plaintext.size()) +
                                                              " bytes to " + key.Describe()));
  }
  ciphertext.resize(length);
  return ciphertext;
}

Result<SecretBytes> RsaOaepDecrypt(const PrivateKey& key, DigestAlgorithm digest, ByteSpan label,
                                   ByteSpan ciphertext) {
  if (key.type() != KeyType::kRsa)
    return Fail(InvalidArgument("RSA-OAEP needs an RSA key, got " + key.Describe()));
  VEIL_ASSIGN_OR_RETURN(EvpPkeyCtxPtr context, OaepContext(key.get(), false, digest, label));
  std::size_t length = 0;
  if (EVP_PKEY_decrypt(context.get(), nullptr, &length, ciphertext.data(), ciphertext.size()) !=
      1) {
    return Fail(OpensslError(ErrorCode::kInternal, "cannot size the RSA-OAEP plaintext"));
  }
  SecretBytes plaintext(length);
  if (EVP_PKEY_decrypt(context.get(), plaintext.mutable_span().data(), &length, ciphertext.data(),
                       ciphertext.size()) != 1) {
    DrainOpensslErrors();  // deliberately not reported: the reason is a padding oracle
    return Fail(VerificationFailed(OaepName(digest) + " decryption failed"));
  }
  plaintext.Truncate(length);
  return plaintext;
}

}  // namespace veil::crypto
