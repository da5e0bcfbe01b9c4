#include "veil/crypto/ecdsa_signature.h"

#include <openssl/ec.h>
#include <openssl/ecdsa.h>
#include <openssl/obj_mac.h>

#include "veil/crypto/openssl_error.h"
#include "veil/crypto/ossl_ptr.h"

namespace veil::crypto {
namespace {

using EcGroupPtr = std::unique_ptr<EC_GROUP, OsslDeleter<&EC_GROUP_free>>;

int CurveNid(EcCurve curve) {
  switch (curve) {
    case EcCurve::kP256:
      return NID_X9_62_prime256v1;
    case EcCurve::kP384:
      return NID_secp384r1;
    case EcCurve::kP521:
      return NID_secp521r1;
  }
  return NID_undef;
}

// The curve's order n and n/2.
struct HalfOrder {
  BigNumPtr order;
  BigNumPtr half;
};

Result<HalfOrder> HalfOrderOf(EcCurve curve) {
  EcGroupPtr group(EC_GROUP_new_by_curve_name(CurveNid(curve)));
  if (!group) return Fail(OpensslError(ErrorCode::kInternal, "cannot load the EC group"));
  HalfOrder result{BigNumPtr(BN_dup(EC_GROUP_get0_order(group.get()))), BigNumPtr(BN_new())};
  if (!result.order || !result.half || BN_rshift1(result.half.get(), result.order.get()) != 1)
    return Fail(OpensslError(ErrorCode::kInternal, "cannot compute the EC group order / 2"));
  return result;
}

}  // namespace

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
  (void)r.release();  // now owned by `signature`
  (void)s.release();
  unsigned char* der = nullptr;
  const int length = i2d_ECDSA_SIG(signature.get(), &der);
  if (length <= 0) return Fail(OpensslError(ErrorCode::kInternal, "cannot encode ECDSA signature"));
  Bytes out(der, der + length);
  OPENSSL_free(der);
  return out;
}

Result<bool> EcdsaIsLowS(EcCurve curve, ByteSpan s) {
  VEIL_ASSIGN_OR_RETURN(const HalfOrder n, HalfOrderOf(curve));
  BigNumPtr value(BN_bin2bn(s.data(), static_cast<int>(s.size()), nullptr));
  if (!value) return Fail(OpensslError(ErrorCode::kInternal, "cannot read ECDSA s"));
  return BN_cmp(value.get(), n.half.get()) <= 0;
}

Result<Bytes> EcdsaNormalizeLowS(EcCurve curve, ByteSpan raw) {
  const std::size_t width = EcCoordinateSize(curve);
  if (raw.size() != 2 * width) {
    return Fail(Malformed("raw ECDSA signature of " + std::to_string(raw.size()) +
                          " bytes, expected " + std::to_string(2 * width)));
  }
  VEIL_ASSIGN_OR_RETURN(const HalfOrder n, HalfOrderOf(curve));
  BigNumPtr s(BN_bin2bn(raw.data() + width, static_cast<int>(width), nullptr));
  if (!s) return Fail(OpensslError(ErrorCode::kInternal, "cannot read ECDSA s"));
  Bytes normalized(raw.begin(), raw.end());
  if (BN_cmp(s.get(), n.half.get()) <= 0) return normalized;
  if (BN_cmp(s.get(), n.order.get()) >= 0) return Fail(Malformed("ECDSA s is not below the order"));
  if (BN_sub(s.get(), n.order.get(), s.get()) != 1 ||
      BN_bn2binpad(s.get(), normalized.data() + width, static_cast<int>(width)) !=
          static_cast<int>(width)) {
    return Fail(OpensslError(ErrorCode::kInternal, "cannot compute n - s"));
  }
  return normalized;
}

}  // namespace veil::crypto
