#include "veil/crypto/concat_kdf.h"

#include <openssl/core_names.h>

#include "veil/crypto/openssl_error.h"
#include "veil/crypto/ossl_ptr.h"

namespace veil::crypto {

Result<SecretBytes> ConcatKdfSha256(ByteSpan shared_secret, std::size_t key_bytes,
                                    ByteSpan other_info) {
  if (shared_secret.empty())
    return Fail(InvalidArgument("Concat KDF needs a non-empty shared secret"));
  if (key_bytes == 0 || key_bytes > (1u << 20)) {
    return Fail(InvalidArgument("Concat KDF output of " + std::to_string(key_bytes) +
                                " bytes, expected 1..1048576"));
  }
  EvpKdfPtr kdf(EVP_KDF_fetch(nullptr, "SSKDF", nullptr));
  EvpKdfCtxPtr context(kdf ? EVP_KDF_CTX_new(kdf.get()) : nullptr);
  if (!context) return Fail(OpensslError(ErrorCode::kInternal, "SSKDF is not available"));
  // OSSL_PARAM takes non-const pointers; OpenSSL only reads these buffers.
  char digest[] = "SHA256";
  const OSSL_PARAM params[] = {
      OSSL_PARAM_construct_utf8_string(OSSL_KDF_PARAM_DIGEST, digest, 0),
      OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_KEY,
                                        const_cast<std::uint8_t*>(shared_secret.data()),
                                        shared_secret.size()),
      OSSL_PARAM_construct_octet_string(
          OSSL_KDF_PARAM_INFO, const_cast<std::uint8_t*>(other_info.data()), other_info.size()),
      OSSL_PARAM_construct_end(),
  };
  SecretBytes key(key_bytes);
  if (EVP_KDF_derive(context.get(), key.mutable_span().data(), key.size(), params) != 1) {
    return Fail(OpensslError(ErrorCode::kInternal, "Concat KDF (SSKDF, SHA-256) failed"));
  }
  return key;
}

}  // namespace veil::crypto
