#pragma once
// A private key: generated here or loaded from PEM (configuration, tests). Only the key types
// Veil signs, decrypts or agrees keys with are accepted: EC P-256/P-384/P-521, Ed25519 and RSA
// of at least 2048 bits. Move-only; the PEM export is SecretBytes.

#include <string>
#include <string_view>

#include "veil/base/result.h"
#include "veil/crypto/ossl_ptr.h"
#include "veil/crypto/public_key.h"
#include "veil/crypto/secret_bytes.h"

namespace veil::crypto {

enum class KeyAlgorithm { kEcP256, kEcP384, kEcP521, kEd25519, kRsa2048, kRsa3072 };

class PrivateKey {
 public:
  // A fresh key from OpenSSL's CSPRNG; kInternal only if OpenSSL fails.
  static Result<PrivateKey> Generate(KeyAlgorithm algorithm);
  // One unencrypted PEM private key: PKCS#8 ("PRIVATE KEY") or traditional ("EC PRIVATE KEY",
  // "RSA PRIVATE KEY"). Encrypted PEM is refused (never prompts), kMalformed for anything that
  // is not a private key, kUnsupported for other key types, curves or RSA under 2048 bits.
  static Result<PrivateKey> FromPem(std::string_view pem);

  PrivateKey(PrivateKey&&) noexcept = default;
  PrivateKey& operator=(PrivateKey&&) noexcept = default;
  PrivateKey(const PrivateKey&) = delete;
  PrivateKey& operator=(const PrivateKey&) = delete;
  ~PrivateKey() = default;

  // Unencrypted PKCS#8 PEM ("-----BEGIN PRIVATE KEY-----").
  SecretBytes ToPem() const;
  PublicKey GetPublicKey() const;
  KeyType type() const;
  // Whether this is an EC key on `curve`.
  bool IsEc(EcCurve curve) const { return GetPublicKey().IsEc(curve); }
  // "EC P-256", "Ed25519", "RSA-2048" (the public key's description), for messages only.
  std::string Describe() const { return GetPublicKey().Describe(); }

  EVP_PKEY* get() const { return key_.get(); }

 private:
  explicit PrivateKey(EvpPkeyPtr key) : key_(std::move(key)) {}
  EvpPkeyPtr key_;
};

}  // namespace veil::crypto
