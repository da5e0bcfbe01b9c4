#include "veil/crypto/kbkdf.h"

#include <openssl/core_names.h>

#include <string>

#include "veil/crypto/openssl_error.h"
#include "veil/crypto/ossl_ptr.h"

namespace veil::crypto {

Result<SecretBytes> KbkdfHmacCounter(DigestAlgorithm digest, ByteSpan key, std::string_view label,
                                     ByteSpan context, std::size_t key_bytes) {
  if (key.empty()) return Fail(InvalidArgument("KBKDF needs a non-empty key"));
  if (label.empty()) return Fail(InvalidArgument("KBKDF needs a non-empty label"));
  if (key_bytes == 0 || key_bytes > (1u << 16)) {
    return Fail(InvalidArgument("KBKDF output of " + std::to_string(key_bytes) +
                                " bytes, expected 1..65536"));
  }
  EvpKdfPtr kdf(EVP_KDF_fetch(nullptr, "KBKDF", nullptr));
  EvpKdfCtxPtr kdf_context(kdf ? EVP_KDF_CTX_new(kdf.get()) : nullptr);
  if (!kdf_context) return Fail(OpensslError(ErrorCode::kInternal, "KBKDF is not available"));
  // OSSL_PARAM takes non-const pointers; OpenSSL only reads these buffers. The defaults are what
  // KDFa needs: a 32-bit counter before the fixed input, the 0x00 separator and a 32-bit L.
  char mode[] = "COUNTER";
  char mac[] = "HMAC";
  std::string digest_name(DigestName(digest));
  std::string label_bytes(label);
  const OSSL_PARAM params[] = {
      OSSL_PARAM_construct_utf8_string(OSSL_KDF_PARAM_MODE, mode, 0),
      OSSL_PARAM_construct_utf8_string(OSSL_KDF_PARAM_MAC, mac, 0),
      OSSL_PARAM_construct_utf8_string(OSSL_KDF_PARAM_DIGEST, digest_name.data(), 0),
      OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_KEY, const_cast<std::uint8_t*>(key.data()),
                                        key.size()),
      OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_SALT, label_bytes.data(),
                                        label_bytes.size()),
      OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_INFO,
                                        const_cast<std::uint8_t*>(context.data()), context.size()),
      OSSL_PARAM_construct_end(),
  };
  SecretBytes out(key_bytes);
  if (EVP_KDF_derive(kdf_context.get(), out.mutable_span().data(), out.size(), params) != 1) {
    return Fail(OpensslError(ErrorCode::kInternal, "KBKDF (HMAC-" + digest_name + ") failed"));
  }
  return out;
}

}  // namespace veil::crypto
