#include "veil/crypto/public_key_components.h"

#include <openssl/core_names.h>

#include "veil/crypto/openssl_error.h"

namespace veil::crypto {
namespace {

Status RequireType(const PublicKey& key, KeyType expected, std::string_view what) {
  if (key.type() != expected) {
    return Fail(
        InvalidArgument("expected " + std::string(what) + " public key, got " + key.Describe()));
  }
  return {};
}

Result<BigNumPtr> GetBigNum(const PublicKey& key, const char* name) {
  BIGNUM* raw = nullptr;
  if (EVP_PKEY_get_bn_param(key.get(), name, &raw) != 1) {
    return Fail(
        OpensslError(ErrorCode::kInternal, std::string("cannot read key parameter ") + name));
  }
  return BigNumPtr(raw);
}

Bytes Minimal(const BIGNUM* value) {
  Bytes out(static_cast<std::size_t>(BN_num_bytes(value)));
  BN_bn2bin(value, out.data());
  return out;
}

Result<Bytes> Padded(const BIGNUM* value, std::size_t size) {
  Bytes out(size);
  if (BN_bn2binpad(value, out.data(), static_cast<int>(size)) != static_cast<int>(size)) {
    return Fail(OpensslError(ErrorCode::kInternal, "EC coordinate wider than its curve"));
  }
  return out;
}

}  // namespace

Result<EcPublicPoint> GetEcPublicPoint(const PublicKey& key) {
  VEIL_TRY(RequireType(key, KeyType::kEc, "an EC"));
  VEIL_ASSIGN_OR_RETURN(const EcCurve curve, key.curve());
  VEIL_ASSIGN_OR_RETURN(const BigNumPtr x, GetBigNum(key, OSSL_PKEY_PARAM_EC_PUB_X));
  VEIL_ASSIGN_OR_RETURN(const BigNumPtr y, GetBigNum(key, OSSL_PKEY_PARAM_EC_PUB_Y));
  EcPublicPoint point{curve, {}, {}};
  VEIL_ASSIGN_OR_RETURN(point.x, Padded(x.get(), EcCoordinateSize(curve)));
  VEIL_ASSIGN_OR_RETURN(point.y, Padded(y.get(), EcCoordinateSize(curve)));
  return point;
}

Result<RsaPublicComponents> GetRsaPublicComponents(const PublicKey& key) {
  VEIL_TRY(RequireType(key, KeyType::kRsa, "an RSA"));
  VEIL_ASSIGN_OR_RETURN(const BigNumPtr n, GetBigNum(key, OSSL_PKEY_PARAM_RSA_N));
  VEIL_ASSIGN_OR_RETURN(const BigNumPtr e, GetBigNum(key, OSSL_PKEY_PARAM_RSA_E));
  return RsaPublicComponents{Minimal(n.get()), Minimal(e.get())};
}

Result<Bytes> GetEd25519PublicKey(const PublicKey& key) {
  VEIL_TRY(RequireType(key, KeyType::kEd25519, "an Ed25519"));
  Bytes raw(kEd25519PublicKeySize);
  std::size_t length = raw.size();
  if (EVP_PKEY_get_raw_public_key(key.get(), raw.data(), &length) != 1 || length != raw.size()) {
    return Fail(OpensslError(ErrorCode::kInternal, "cannot read the Ed25519 public key"));
  }
  return raw;
}

Result<PublicKey> Ed25519PublicKeyFromRaw(ByteSpan raw) {
  if (raw.size() != kEd25519PublicKeySize) {
    return Fail(Malformed("Ed25519 public key of " + std::to_string(raw.size()) +
                          " bytes, expected " + std::to_string(kEd25519PublicKeySize)));
  }
  EvpPkeyPtr key(
      EVP_PKEY_new_raw_public_key_ex(nullptr, "ED25519", nullptr, raw.data(), raw.size()));
  if (!key) return Fail(OpensslError(ErrorCode::kMalformed, "invalid Ed25519 public key"));
  return PublicKey::Adopt(std::move(key));
}

}  // namespace veil::crypto
