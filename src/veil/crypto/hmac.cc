#include "veil/crypto/hmac.h"

#include <openssl/core_names.h>

#include <string>

#include "veil/crypto/openssl_error.h"
#include "veil/crypto/ossl_ptr.h"

namespace veil::crypto {
Result<Bytes> Hmac(DigestAlgorithm algorithm, ByteSpan key, ByteSpan data) {
  if (key.empty()) return Fail(InvalidArgument("HMAC needs a non-empty key"));
  EvpMacPtr mac(EVP_MAC_fetch(nullptr, "HMAC", nullptr));
  EvpMacCtxPtr context(mac ? EVP_MAC_CTX_new(mac.get()) : nullptr);
  if (!context) return Fail(OpensslError(ErrorCode::kInternal, "HMAC is not available"));
  // OSSL_PARAM takes a non-const pointer; OpenSSL only reads the name.
  std::string digest(DigestName(algorithm));
  const OSSL_PARAM params[] = {
      OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, digest.data(), 0),
      OSSL_PARAM_construct_end(),
  };
  Bytes tag(DigestSize(algorithm));
  std::size_t length = 0;
  if (EVP_MAC_init(context.get(), key.data(), key.size(), params) != 1 ||
      EVP_MAC_update(context.get(), data.data(), data.size()) != 1 ||
      EVP_MAC_final(context.get(), tag.data(), &length, tag.size()) != 1 || length != tag.size()) {
    return Fail(OpensslError(ErrorCode::kInternal, "HMAC-" + digest + " failed"));
  }
  return tag;
}

}  // namespace veil::crypto
