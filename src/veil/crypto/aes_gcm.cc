#include "veil/crypto/aes_gcm.h"

#include <climits>

#include "veil/crypto/openssl_error.h"
#include "veil/crypto/ossl_ptr.h"

namespace veil::crypto {
namespace {

Status RequireSize(ByteSpan value, std::size_t expected, std::string_view what) {
  if (value.size() != expected) {
    return Fail(InvalidArgument("AES-256-GCM " + std::string(what) + " of " +
                                std::to_string(value.size()) + " bytes, expected " +
                                std::to_string(expected)));
  }
  return {};
}

Status RequireIntSized(ByteSpan value, std::string_view what) {
  if (value.size() > static_cast<std::size_t>(INT_MAX)) {
    return Fail(InvalidArgument("AES-256-GCM " + std::string(what) + " exceeds " +
                                std::to_string(INT_MAX) + " bytes"));
  }
  return {};
}

// Starts an encryption or decryption context keyed with `key` and `iv`, and feeds `aad`.
Result<EvpCipherCtxPtr> StartGcm(bool encrypt, ByteSpan key, ByteSpan iv, ByteSpan aad) {
  VEIL_TRY(RequireSize(key, kAesGcmKeySize, "key"));
  VEIL_TRY(RequireSize(iv, kAesGcmIvSize, "IV"));
  VEIL_TRY(RequireIntSized(aad, "AAD"));
  EvpCipherCtxPtr context(EVP_CIPHER_CTX_new());
  if (!context || EVP_CipherInit_ex(context.get(), EVP_aes_256_gcm(), nullptr, key.data(),
                                    iv.data(), encrypt ? 1 : 0) != 1) {
    return Fail(OpensslError(ErrorCode::kInternal, "cannot initialise AES-256-GCM"));
  }
  int ignored = 0;
  if (!aad.empty() && EVP_CipherUpdate(context.get(), nullptr, &ignored, aad.data(),
                                       static_cast<int>(aad.size())) != 1) {
    return Fail(OpensslError(ErrorCode::kInternal, "AES-256-GCM rejected the AAD"));
  }
  return context;
}

// Runs `input` through the context into `output` (same length: GCM is a stream mode).
Status Process(EVP_CIPHER_CTX* context, ByteSpan input, std::span<std::uint8_t> output) {
  int written = 0;
  if (!input.empty() && EVP_CipherUpdate(context, output.data(), &written, input.data(),
                                         static_cast<int>(input.size())) != 1) {
    return Fail(OpensslError(ErrorCode::kInternal, "AES-256-GCM update failed"));
  }
  VEIL_CHECK(static_cast<std::size_t>(written) == input.size());
  return {};
}

}  // namespace

Result<AesGcmSealed> AesGcmSeal(ByteSpan key, ByteSpan iv, ByteSpan plaintext, ByteSpan aad) {
  VEIL_TRY(RequireIntSized(plaintext, "plaintext"));
  VEIL_ASSIGN_OR_RETURN(EvpCipherCtxPtr context, StartGcm(true, key, iv, aad));
  AesGcmSealed sealed{Bytes(plaintext.size()), Bytes(kAesGcmTagSize)};
  VEIL_TRY(Process(context.get(), plaintext, sealed.ciphertext));
  std::uint8_t no_output[16];  // GCM emits nothing at finalisation; OpenSSL still wants a buffer
  int written = 0;
  if (EVP_CipherFinal_ex(context.get(), no_output, &written) != 1 ||
      EVP_CIPHER_CTX_ctrl(context.get(), EVP_CTRL_GCM_GET_TAG, static_cast<int>(kAesGcmTagSize),
                          sealed.tag.data()) != 1) {
    return Fail(OpensslError(ErrorCode::kInternal, "AES-256-GCM finalisation failed"));
  }
  return sealed;
}

Result<SecretBytes> AesGcmOpen(ByteSpan key, ByteSpan iv, ByteSpan ciphertext, ByteSpan tag,
                               ByteSpan aad) {
  VEIL_TRY(RequireSize(tag, kAesGcmTagSize, "tag"));
  VEIL_TRY(RequireIntSized(ciphertext, "ciphertext"));
  VEIL_ASSIGN_OR_RETURN(EvpCipherCtxPtr context, StartGcm(false, key, iv, aad));
  SecretBytes plaintext(ciphertext.size());
  VEIL_TRY(Process(context.get(), ciphertext, plaintext.mutable_span()));
  // OpenSSL reads the expected tag through a non-const pointer; it does not modify it.
  Bytes expected_tag(tag.begin(), tag.end());
  int written = 0;
  if (EVP_CIPHER_CTX_ctrl(context.get(), EVP_CTRL_GCM_SET_TAG,
                          static_cast<int>(expected_tag.size()), expected_tag.data()) != 1) {
    return Fail(OpensslError(ErrorCode::kInternal, "cannot set the AES-256-GCM tag"));
  }
  std::uint8_t no_output[16];
  if (EVP_CipherFinal_ex(context.get(), no_output, &written) != 1) {
    DrainOpensslErrors();
    return Fail(VerificationFailed("AES-256-GCM tag does not authenticate the ciphertext and AAD"));
  }
  return plaintext;
}

}  // namespace veil::crypto
