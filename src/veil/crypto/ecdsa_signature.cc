#include "veil/crypto/ecdsa_signature.h"

#include <openssl/ecdsa.h>

#include "veil/crypto/openssl_error.h"
#include "veil/crypto/ossl_ptr.h"

namespace veil::crypto {

Result<Bytes> EcdsaDerToRaw(ByteSpan der, std::size_t coordinate_size) {
  if (coordinate_size == 0 || coordinate_size > 66) {
    return Fail(InvalidArgument("ECDSA coordinate size " + std::to_string(coordinate_size) +
                                " is not 1..66"));
  }
  const unsigned char* cursor = der.data();
  EcdsaSigPtr signature(d2i_ECDSA_SIG(nullptr, &cursor, static_cast<long>(der.size())));
  if (!signature) return Fail(OpensslError(ErrorCode::kMalformed, "not a DER ECDSA signature"));
  if (cursor != der.data() + der.size())
    return Fail(Malformed("trailing bytes after DER ECDSA signature"));
  const BIGNUM* r = ECDSA_SIG_get0_r(signature.get());
  const BIGNUM* s = ECDSA_SIG_get0_s(signature.get());
  Bytes raw(2 * coordinate_size);
  const int size = static_cast<int>(coordinate_size);
  if (BN_bn2binpad(r, raw.data(), size) != size ||
      BN_bn2binpad(s, raw.data() + coordinate_size, size) != size) {
    DrainOpensslErrors();
    return Fail(
        Malformed("ECDSA r or s is wider than " + std::to_string(coordinate_size) + " bytes"));
  }
  return raw;
}

Result<Bytes> EcdsaRawToDer(ByteSpan raw) {
  if (raw.empty() || raw.size() % 2 != 0 || raw.size() > 2 * 66) {
    return Fail(Malformed("raw ECDSA signature of " + std::to_string(raw.size()) +
                          " bytes, expected two equal halves of at most 66 bytes"));
  }
  const std::size_t half = raw.size() / 2;
  BigNumPtr r(BN_bin2bn(raw.data(), static_cast<int>(half), nullptr));
  BigNumPtr s(BN_bin2bn(raw.data() + half, static_cast<int>(half), nullptr));
  EcdsaSigPtr signature(ECDSA_SIG_new());
  if (!r || !s || !signature || ECDSA_SIG_set0(signature.get(), r.get(), s.get()) != 1) {
    return Fail(OpensslError(ErrorCode::kInternal, "cannot assemble ECDSA signature"));
  }
  r.release();  // now owned by `signature`
  s.release();
  unsigned char* der = nullptr;
  const int length = i2d_ECDSA_SIG(signature.get(), &der);
  if (length <= 0) return Fail(OpensslError(ErrorCode::kInternal, "cannot encode ECDSA signature"));
  Bytes out(der, der + length);
  OPENSSL_free(der);
  return out;
}

}  // namespace veil::crypto
