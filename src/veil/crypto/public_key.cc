#include "veil/crypto/public_key.h"

#include <openssl/core_names.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include "veil/crypto/openssl_error.h"

namespace veil::crypto {
namespace {

const char* GroupName(EcCurve curve) {
  switch (curve) {
    case EcCurve::kP256:
      return "prime256v1";
    case EcCurve::kP384:
      return "secp384r1";
    case EcCurve::kP521:
      return "secp521r1";
  }
  return "";
}

Result<PublicKey> FromParams(const char* key_type, OSSL_PARAM_BLD* builder) {
  OsslParamPtr params(OSSL_PARAM_BLD_to_param(builder));
  if (!params) return Fail(OpensslError(ErrorCode::kInternal, "cannot build key parameters"));
  EvpPkeyCtxPtr context(EVP_PKEY_CTX_new_from_name(nullptr, key_type, nullptr));
  if (!context || EVP_PKEY_fromdata_init(context.get()) != 1) {
    return Fail(OpensslError(ErrorCode::kInternal, "cannot create key context"));
  }
  EVP_PKEY* raw = nullptr;
  if (EVP_PKEY_fromdata(context.get(), &raw, EVP_PKEY_PUBLIC_KEY, params.get()) != 1) {
    return Fail(
        OpensslError(ErrorCode::kMalformed, std::string("invalid ") + key_type + " public key"));
  }
  return PublicKey::Adopt(EvpPkeyPtr(raw));
}

}  // namespace

std::string_view EcCurveName(EcCurve curve) {
  switch (curve) {
    case EcCurve::kP256:
      return "P-256";
    case EcCurve::kP384:
      return "P-384";
    case EcCurve::kP521:
      return "P-521";
  }
  return "";
}

std::size_t EcCoordinateSize(EcCurve curve) {
  switch (curve) {
    case EcCurve::kP256:
      return 32;
    case EcCurve::kP384:
      return 48;
    case EcCurve::kP521:
      return 66;
  }
  return 0;
}

Result<PublicKey> PublicKey::FromDer(ByteSpan der) {
  const unsigned char* cursor = der.data();
  EvpPkeyPtr key(d2i_PUBKEY(nullptr, &cursor, static_cast<long>(der.size())));
  if (!key) return Fail(OpensslError(ErrorCode::kMalformed, "not a DER SubjectPublicKeyInfo"));
  if (cursor != der.data() + der.size()) {
    return Fail(Malformed("trailing bytes after DER SubjectPublicKeyInfo"));
  }
  return PublicKey(std::move(key));
}

Result<PublicKey> PublicKey::FromPem(std::string_view pem) {
  BioPtr bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
  if (!bio) return Fail(OpensslError(ErrorCode::kInternal, "cannot allocate BIO"));
  EvpPkeyPtr key(PEM_read_bio_PUBKEY(bio.get(), nullptr, nullptr, nullptr));
  if (!key) return Fail(OpensslError(ErrorCode::kMalformed, "not a PEM public key"));
  return PublicKey(std::move(key));
}

Result<PublicKey> PublicKey::FromDerOrPem(ByteSpan bytes) {
  const std::string_view text(reinterpret_cast<const char*>(bytes.data()), bytes.size());
  if (text.find("-----BEGIN") != std::string_view::npos) return FromPem(text);
  return FromDer(bytes);
}

Result<PublicKey> PublicKey::FromRsa(ByteSpan modulus, ByteSpan exponent) {
  if (modulus.empty() || exponent.empty()) return Fail(Malformed("empty RSA modulus or exponent"));
  BigNumPtr n(BN_bin2bn(modulus.data(), static_cast<int>(modulus.size()), nullptr));
  BigNumPtr e(BN_bin2bn(exponent.data(), static_cast<int>(exponent.size()), nullptr));
  OsslParamBldPtr builder(OSSL_PARAM_BLD_new());
  if (!n || !e || !builder ||
      OSSL_PARAM_BLD_push_BN(builder.get(), OSSL_PKEY_PARAM_RSA_N, n.get()) != 1 ||
      OSSL_PARAM_BLD_push_BN(builder.get(), OSSL_PKEY_PARAM_RSA_E, e.get()) != 1) {
    return Fail(OpensslError(ErrorCode::kInternal, "cannot build RSA parameters"));
  }
  return FromParams("RSA", builder.get());
}

Result<PublicKey> PublicKey::FromEcPoint(EcCurve curve, ByteSpan x, ByteSpan y) {
  const std::size_t size = EcCoordinateSize(curve);
  if (x.size() > size || y.size() > size) {
    return Fail(Malformed("EC coordinate longer than " + std::to_string(size) + " bytes for " +
                          std::string(EcCurveName(curve))));
  }
  Bytes point(1 + 2 * size, 0);
  point[0] = 0x04;  // SEC 1 uncompressed point
  std::copy(x.begin(), x.end(), point.begin() + static_cast<std::ptrdiff_t>(1 + size - x.size()));
  std::copy(y.begin(), y.end(),
            point.begin() + static_cast<std::ptrdiff_t>(1 + 2 * size - y.size()));
  OsslParamBldPtr builder(OSSL_PARAM_BLD_new());
  if (!builder ||
      OSSL_PARAM_BLD_push_utf8_string(builder.get(), OSSL_PKEY_PARAM_GROUP_NAME, GroupName(curve),
                                      0) != 1 ||
      OSSL_PARAM_BLD_push_octet_string(builder.get(), OSSL_PKEY_PARAM_PUB_KEY, point.data(),
                                       point.size()) != 1) {
    return Fail(OpensslError(ErrorCode::kInternal, "cannot build EC parameters"));
  }
  return FromParams("EC", builder.get());
}

KeyType PublicKey::type() const {
  if (EVP_PKEY_is_a(key_.get(), "RSA")) return KeyType::kRsa;
  if (EVP_PKEY_is_a(key_.get(), "EC")) return KeyType::kEc;
  if (EVP_PKEY_is_a(key_.get(), "ED25519")) return KeyType::kEd25519;
  return KeyType::kOther;
}

int PublicKey::bits() const { return EVP_PKEY_get_bits(key_.get()); }

Result<EcCurve> PublicKey::curve() const {
  if (type() != KeyType::kEc) return Fail(InvalidArgument("not an EC key"));
  char name[64] = {};
  size_t length = 0;
  if (EVP_PKEY_get_utf8_string_param(key_.get(), OSSL_PKEY_PARAM_GROUP_NAME, name, sizeof name,
                                     &length) != 1) {
    return Fail(OpensslError(ErrorCode::kInternal, "cannot read EC group"));
  }
  const std::string_view group(name, length);
  for (auto curve : {EcCurve::kP256, EcCurve::kP384, EcCurve::kP521}) {
    if (group == GroupName(curve)) return curve;
  }
  return Fail(Unsupported("EC curve " + std::string(group) + " is not P-256, P-384 or P-521"));
}

bool PublicKey::IsEc(EcCurve expected) const {
  auto actual = curve();
  return actual && *actual == expected;
}

std::string PublicKey::Describe() const {
  switch (type()) {
    case KeyType::kRsa:
      return "RSA-" + std::to_string(bits());
    case KeyType::kEc: {
      auto c = curve();
      return c ? "EC " + std::string(EcCurveName(*c)) : "EC (other curve)";
    }
    case KeyType::kEd25519:
      return "Ed25519";
    case KeyType::kOther:
      break;
  }
  return "unknown key type";
}

Bytes PublicKey::SpkiDer() const {
  unsigned char* der = nullptr;
  const int length = i2d_PUBKEY(key_.get(), &der);
  VEIL_CHECK(length > 0);
  Bytes out(der, der + length);
  OPENSSL_free(der);
  return out;
}

std::string PublicKey::ToPem() const {
  const BioPtr bio(BIO_new(BIO_s_mem()));
  VEIL_CHECK(bio != nullptr && PEM_write_bio_PUBKEY(bio.get(), key_.get()) == 1);
  char* data = nullptr;
  const long length = BIO_get_mem_data(bio.get(), &data);
  return std::string(data, static_cast<std::size_t>(length));
}

bool PublicKey::Equals(const PublicKey& other) const {
  return EVP_PKEY_eq(key_.get(), other.key_.get()) == 1;
}

}  // namespace veil::crypto
