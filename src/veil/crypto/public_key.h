#pragma once
// A public key of any algorithm OpenSSL knows, built from the encodings evidence and config use.

#include <string>
#include <string_view>

#include "veil/base/bytes.h"
#include "veil/base/result.h"
#include "veil/crypto/ossl_ptr.h"

namespace veil::crypto {

enum class KeyType { kRsa, kEc, kEd25519, kOther };

enum class EcCurve { kP256, kP384, kP521 };
std::string_view EcCurveName(EcCurve curve);  // "P-256" (the JOSE name)
std::size_t EcCoordinateSize(EcCurve curve);  // 32, 48, 66

class PublicKey {
 public:
  // DER SubjectPublicKeyInfo; every byte must be consumed.
  static Result<PublicKey> FromDer(ByteSpan der);
  // One PEM "PUBLIC KEY" block.
  static Result<PublicKey> FromPem(std::string_view pem);
  // DER or PEM, whichever `bytes` holds.
  static Result<PublicKey> FromDerOrPem(ByteSpan bytes);
  // Big-endian modulus and public exponent.
  static Result<PublicKey> FromRsa(ByteSpan modulus, ByteSpan exponent);
  // Big-endian affine coordinates; each at most the curve's coordinate size.
  static Result<PublicKey> FromEcPoint(EcCurve curve, ByteSpan x, ByteSpan y);
  // Takes ownership of an OpenSSL key (used by Certificate).
  static PublicKey Adopt(EvpPkeyPtr key) { return PublicKey(std::move(key)); }

  KeyType type() const;
  int bits() const;
  // "RSA-2048", "EC P-384", "Ed25519": for messages only. Decide on type() and IsEc(), never on
  // this text.
  std::string Describe() const;
  Result<EcCurve> curve() const;
  // Whether this is an EC key on `curve` (false for other key types and other curves).
  bool IsEc(EcCurve curve) const;
  // DER SubjectPublicKeyInfo: the canonical identity of the key (fingerprints hash this).
  Bytes SpkiDer() const;
  // One PEM "PUBLIC KEY" block of SpkiDer() (for enrolment files an owner can read).
  std::string ToPem() const;
  bool Equals(const PublicKey& other) const;

  EVP_PKEY* get() const { return key_.get(); }

 private:
  explicit PublicKey(EvpPkeyPtr key) : key_(std::move(key)) {}
  EvpPkeyPtr key_;
};

}  // namespace veil::crypto
