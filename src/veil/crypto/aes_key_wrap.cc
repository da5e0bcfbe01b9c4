#include "veil/crypto/aes_key_wrap.h"

#include <climits>

#include "veil/crypto/openssl_error.h"
#include "veil/crypto/ossl_ptr.h"

namespace veil::crypto {
namespace {

constexpr std::size_t kKekSize = 32;
constexpr std::size_t kSemiblock = 8;
// Bounds keep every length inside OpenSSL's int arguments.
constexpr std::size_t kMaxKeySize = 1 << 20;

Result<EvpCipherCtxPtr> StartWrap(bool wrap, ByteSpan kek) {
  if (kek.size() != kKekSize) {
    return Fail(InvalidArgument("AES-256 key wrap KEK of " + std::to_string(kek.size()) +
                                " bytes, expected " + std::to_string(kKekSize)));
  }
  EvpCipherPtr cipher(EVP_CIPHER_fetch(nullptr, "AES-256-WRAP", nullptr));
  EvpCipherCtxPtr context(EVP_CIPHER_CTX_new());
  if (!cipher || !context)
    return Fail(OpensslError(ErrorCode::kInternal, "AES-256-WRAP is not available"));
  EVP_CIPHER_CTX_set_flags(context.get(), EVP_CIPHER_CTX_FLAG_WRAP_ALLOW);
  if (EVP_CipherInit_ex(context.get(), cipher.get(), nullptr, kek.data(), nullptr, wrap ? 1 : 0) !=
      1) {
    return Fail(OpensslError(ErrorCode::kInternal, "cannot initialise AES-256-WRAP"));
  }
  return context;
}

// One-shot wrap or unwrap of `input` into `output`; returns the number of bytes written.
Result<std::size_t> Run(EVP_CIPHER_CTX* context, ByteSpan input, std::span<std::uint8_t> output) {
  int written = 0;
  if (EVP_CipherUpdate(context, output.data(), &written, input.data(),
                       static_cast<int>(input.size())) != 1) {
    return Fail(
        OpensslError(ErrorCode::kVerificationFailed, "AES key wrap integrity check failed"));
  }
  std::uint8_t no_output[kSemiblock];
  int final_written = 0;
  if (EVP_CipherFinal_ex(context, no_output, &final_written) != 1 || final_written != 0) {
    return Fail(OpensslError(ErrorCode::kInternal, "AES key wrap finalisation failed"));
  }
  return static_cast<std::size_t>(written);
}

}  // namespace

Result<Bytes> AesKeyWrap(ByteSpan kek, ByteSpan key) {
  if (key.size() < 2 * kSemiblock || key.size() % kSemiblock != 0 || key.size() > kMaxKeySize) {
    return Fail(InvalidArgument("AES key wrap input of " + std::to_string(key.size()) +
                                " bytes, expected a multiple of 8 of at least 16"));
  }
  VEIL_ASSIGN_OR_RETURN(EvpCipherCtxPtr context, StartWrap(true, kek));
  Bytes wrapped(key.size() + kSemiblock);
  VEIL_ASSIGN_OR_RETURN(const std::size_t written, Run(context.get(), key, wrapped));
  VEIL_CHECK(written == wrapped.size());
  return wrapped;
}

Result<SecretBytes> AesKeyUnwrap(ByteSpan kek, ByteSpan wrapped) {
  if (wrapped.size() < 3 * kSemiblock || wrapped.size() % kSemiblock != 0 ||
      wrapped.size() > kMaxKeySize) {
    return Fail(Malformed("AES-wrapped key of " + std::to_string(wrapped.size()) +
                          " bytes, expected a multiple of 8 of at least 24"));
  }
  VEIL_ASSIGN_OR_RETURN(EvpCipherCtxPtr context, StartWrap(false, kek));
  SecretBytes key(wrapped.size() - kSemiblock);
  VEIL_ASSIGN_OR_RETURN(const std::size_t written, Run(context.get(), wrapped, key.mutable_span()));
  VEIL_CHECK(written == key.size());
  return key;
}

}  // namespace veil::crypto
