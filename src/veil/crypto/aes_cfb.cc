#include "veil/crypto/aes_cfb.h"

#include <climits>
#include <string>

#include "veil/crypto/openssl_error.h"
#include "veil/crypto/ossl_ptr.h"

namespace veil::crypto {
namespace {

Result<const EVP_CIPHER*> CfbCipher(ByteSpan key) {
  switch (key.size()) {
    case 16:
      return EVP_aes_128_cfb128();
    case 24:
      return EVP_aes_192_cfb128();
    case 32:
      return EVP_aes_256_cfb128();
    default:
      return Fail(InvalidArgument("AES-CFB key of " + std::to_string(key.size()) +
                                  " bytes, expected 16, 24 or 32"));
  }
}

// Runs `input` through AES-CFB into `output` (the same length: CFB128 is a stream mode).
Status Run(bool encrypt, ByteSpan key, ByteSpan iv, ByteSpan input,
           std::span<std::uint8_t> output) {
  VEIL_ASSIGN_OR_RETURN(const EVP_CIPHER* cipher, CfbCipher(key));
  if (iv.size() != kAesBlockSize) {
    return Fail(
        InvalidArgument("AES-CFB IV of " + std::to_string(iv.size()) + " bytes, expected 16"));
  }
  if (input.size() > static_cast<std::size_t>(INT_MAX))
    return Fail(InvalidArgument("AES-CFB input exceeds " + std::to_string(INT_MAX) + " bytes"));
  EvpCipherCtxPtr context(EVP_CIPHER_CTX_new());
  int written = 0;
  int final_written = 0;
  if (!context ||
      EVP_CipherInit_ex(context.get(), cipher, nullptr, key.data(), iv.data(), encrypt ? 1 : 0) !=
          1 ||
      (!input.empty() && EVP_CipherUpdate(context.get(), output.data(), &written, input.data(),
                                          static_cast<int>(input.size())) != 1) ||
      EVP_CipherFinal_ex(context.get(), output.data() + written, &final_written) != 1) {
    return Fail(OpensslError(ErrorCode::kInternal, "AES-CFB failed"));
  }
  VEIL_CHECK(static_cast<std::size_t>(written + final_written) == input.size());
  return {};
}

}  // namespace

Result<Bytes> AesCfbEncrypt(ByteSpan key, ByteSpan iv, ByteSpan plaintext) {
  Bytes ciphertext(plaintext.size());
  VEIL_TRY(Run(true, key, iv, plaintext, ciphertext));
  return ciphertext;
}

Result<SecretBytes> AesCfbDecrypt(ByteSpan key, ByteSpan iv, ByteSpan ciphertext) {
  SecretBytes plaintext(ciphertext.size());
  VEIL_TRY(Run(false, key, iv, ciphertext, plaintext.mutable_span()));
  return plaintext;
}

}  // namespace veil::crypto
