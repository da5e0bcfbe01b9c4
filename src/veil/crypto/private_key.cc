#include "veil/crypto/private_key.h"

#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>

#include "veil/crypto/openssl_error.h"

namespace veil::crypto {
namespace {

constexpr int kMinimumRsaBits = 2048;

// PEM password callback that refuses: an encrypted key fails instead of prompting on a tty.
int RefusePassphrase(char*, int, int, void*) { return -1; }

Result<EvpPkeyPtr> GenerateWith(const char* key_type, int (*configure)(EVP_PKEY_CTX*, int),
                                int parameter) {
  EvpPkeyCtxPtr context(EVP_PKEY_CTX_new_from_name(nullptr, key_type, nullptr));
  if (!context || EVP_PKEY_keygen_init(context.get()) != 1 ||
      (configure != nullptr && configure(context.get(), parameter) != 1)) {
    return Fail(OpensslError(ErrorCode::kInternal,
                             std::string("cannot set up ") + key_type + " key generation"));
  }
  EVP_PKEY* raw = nullptr;
  if (EVP_PKEY_generate(context.get(), &raw) != 1) {
    return Fail(
        OpensslError(ErrorCode::kInternal, std::string(key_type) + " key generation failed"));
  }
  return EvpPkeyPtr(raw);
}

int SetCurveNid(EVP_PKEY_CTX* context, int nid) {
  return EVP_PKEY_CTX_set_ec_paramgen_curve_nid(context, nid);
}
int SetRsaBits(EVP_PKEY_CTX* context, int bits) {
  return EVP_PKEY_CTX_set_rsa_keygen_bits(context, bits);
}

Result<EvpPkeyPtr> GenerateKey(KeyAlgorithm algorithm) {
  switch (algorithm) {
    case KeyAlgorithm::kEcP256:
      return GenerateWith("EC", SetCurveNid, NID_X9_62_prime256v1);
    case KeyAlgorithm::kEcP384:
      return GenerateWith("EC", SetCurveNid, NID_secp384r1);
    case KeyAlgorithm::kEcP521:
      return GenerateWith("EC", SetCurveNid, NID_secp521r1);
    case KeyAlgorithm::kEd25519:
      return GenerateWith("ED25519", nullptr, 0);
    case KeyAlgorithm::kRsa2048:
      return GenerateWith("RSA", SetRsaBits, 2048);
    case KeyAlgorithm::kRsa3072:
      return GenerateWith("RSA", SetRsaBits, 3072);
  }
  return Fail(InvalidArgument("unknown key algorithm"));
}

KeyType TypeOf(const EVP_PKEY* key) {
  if (EVP_PKEY_is_a(key, "RSA")) return KeyType::kRsa;
  if (EVP_PKEY_is_a(key, "EC")) return KeyType::kEc;
  if (EVP_PKEY_is_a(key, "ED25519")) return KeyType::kEd25519;
  return KeyType::kOther;
}

// The public half as a PublicKey: the key's public parameters exported and imported again through
// its own key manager. (A SubjectPublicKeyInfo round trip gives the same key, but its encoder and
// decoder lookups made it most of the cost of signing a token.)
Result<PublicKey> PublicHalf(EVP_PKEY* key) {
  OSSL_PARAM* exported = nullptr;
  if (EVP_PKEY_todata(key, EVP_PKEY_PUBLIC_KEY, &exported) != 1)
    return Fail(OpensslError(ErrorCode::kUnsupported, "private key has no exportable public key"));
  const OsslParamPtr params(exported);
  const EvpPkeyCtxPtr context(EVP_PKEY_CTX_new_from_pkey(nullptr, key, nullptr));
  EVP_PKEY* imported = nullptr;
  if (!context || EVP_PKEY_fromdata_init(context.get()) != 1 ||
      EVP_PKEY_fromdata(context.get(), &imported, EVP_PKEY_PUBLIC_KEY, params.get()) != 1) {
    return Fail(
        OpensslError(ErrorCode::kUnsupported, "cannot import the private key's public half"));
  }
  return PublicKey::Adopt(EvpPkeyPtr(imported));
}

Status RequireSupported(EVP_PKEY* key) {
  VEIL_ASSIGN_OR_RETURN(const PublicKey public_key, PublicHalf(key));
  switch (public_key.type()) {
    case KeyType::kEc:
      return public_key.curve().map([](EcCurve) {});
    case KeyType::kEd25519:
      return {};
    case KeyType::kRsa:
      if (public_key.bits() < kMinimumRsaBits) {
        return Fail(Unsupported("RSA private key of " + std::to_string(public_key.bits()) +
                                " bits, expected at least " + std::to_string(kMinimumRsaBits)));
      }
      return {};
    case KeyType::kOther:
      break;
  }
  return Fail(
      Unsupported("private key type " + public_key.Describe() + " is not EC, Ed25519 or RSA"));
}

}  // namespace

Result<PrivateKey> PrivateKey::Generate(KeyAlgorithm algorithm) {
  VEIL_ASSIGN_OR_RETURN(EvpPkeyPtr key, GenerateKey(algorithm));
  return PrivateKey(std::move(key));
}

Result<PrivateKey> PrivateKey::FromPem(std::string_view pem) {
  BioPtr bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
  if (!bio) return Fail(OpensslError(ErrorCode::kInternal, "cannot allocate BIO"));
  EvpPkeyPtr key(PEM_read_bio_PrivateKey(bio.get(), nullptr, RefusePassphrase, nullptr));
  if (!key)
    return Fail(OpensslError(ErrorCode::kMalformed, "expected an unencrypted PEM private key"));
  VEIL_TRY(RequireSupported(key.get()));
  return PrivateKey(std::move(key));
}

SecretBytes PrivateKey::ToPem() const {
  // The secure-memory BIO clears its buffer when freed, so no copy of the PEM outlives us.
  BioPtr bio(BIO_new(BIO_s_secmem()));
  VEIL_CHECK(bio);
  VEIL_CHECK(
      PEM_write_bio_PrivateKey(bio.get(), key_.get(), nullptr, nullptr, 0, nullptr, nullptr) == 1);
  char* data = nullptr;
  const long length = BIO_get_mem_data(bio.get(), &data);
  VEIL_CHECK(length > 0);
  return SecretBytes(
      ByteSpan(reinterpret_cast<const std::uint8_t*>(data), static_cast<std::size_t>(length)));
}

PublicKey PrivateKey::GetPublicKey() const {
  auto public_key = PublicHalf(key_.get());
  VEIL_CHECK(public_key);  // every accepted key type has a SubjectPublicKeyInfo encoding
  return std::move(*public_key);
}

KeyType PrivateKey::type() const { return TypeOf(key_.get()); }

}  // namespace veil::crypto
