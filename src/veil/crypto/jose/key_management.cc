#include "veil/crypto/jose/key_management.h"

#include "veil/crypto/aes_key_wrap.h"
#include "veil/crypto/concat_kdf.h"
#include "veil/crypto/ecdh.h"
#include "veil/crypto/jose/jwk.h"
#include "veil/crypto/rsa_oaep.h"

namespace veil::crypto::jose {
namespace {

constexpr std::size_t kKekBytes = 32;  // A256KW

void AppendU32Be(std::uint32_t value, Bytes& out) {
  for (int shift = 24; shift >= 0; shift -= 8)
    out.push_back(static_cast<std::uint8_t>(value >> shift));
}

// RFC 7518 section 4.6.2 OtherInfo: AlgorithmID || PartyUInfo || PartyVInfo || SuppPubInfo,
// each of the first three a 32-bit big-endian length and its octets; apu/apv are empty.
Bytes ConcatKdfOtherInfo(std::string_view alg) {
  Bytes info;
  AppendU32Be(static_cast<std::uint32_t>(alg.size()), info);
  info.insert(info.end(), alg.begin(), alg.end());
  AppendU32Be(0, info);              // PartyUInfo
  AppendU32Be(0, info);              // PartyVInfo
  AppendU32Be(kKekBytes * 8, info);  // SuppPubInfo: keydatalen in bits
  return info;
}

Result<SecretBytes> DeriveKek(const PrivateKey& own, const PublicKey& peer) {
  VEIL_ASSIGN_OR_RETURN(const SecretBytes z, EcdhSharedSecret(own, peer));
  return ConcatKdfSha256(z.span(), kKekBytes, ConcatKdfOtherInfo(kEcdhEsA256kw));
}

Result<KeyAlgorithm> EphemeralAlgorithmFor(EcCurve curve) {
  switch (curve) {
    case EcCurve::kP256:
      return KeyAlgorithm::kEcP256;
    case EcCurve::kP384:
      return KeyAlgorithm::kEcP384;
    case EcCurve::kP521:
      return KeyAlgorithm::kEcP521;
  }
  return Fail(Unsupported("unknown EC curve"));
}

Result<EncryptedCek> EncryptEcdhEs(const PublicKey& recipient, ByteSpan cek) {
  VEIL_ASSIGN_OR_RETURN(const EcCurve curve, recipient.curve());
  VEIL_ASSIGN_OR_RETURN(const KeyAlgorithm algorithm, EphemeralAlgorithmFor(curve));
  VEIL_ASSIGN_OR_RETURN(const PrivateKey ephemeral, PrivateKey::Generate(algorithm));
  VEIL_ASSIGN_OR_RETURN(const SecretBytes kek, DeriveKek(ephemeral, recipient));
  EncryptedCek out;
  VEIL_ASSIGN_OR_RETURN(out.encrypted_key, AesKeyWrap(kek.span(), cek));
  VEIL_ASSIGN_OR_RETURN(out.epk, PublicKeyToJwk(ephemeral.GetPublicKey()));
  return out;
}

Result<SecretBytes> DecryptEcdhEs(const PrivateKey& recipient, const nlohmann::json* epk,
                                  ByteSpan encrypted_key) {
  if (epk == nullptr)
    return Fail(Malformed(std::string(kEcdhEsA256kw) + " needs an \"epk\" header member"));
  VEIL_ASSIGN_OR_RETURN(const PublicKey ephemeral, PublicKeyFromJwk(*epk));
  if (ephemeral.type() != KeyType::kEc) {
    return Fail(Malformed("\"epk\" must be an EC key, got " + ephemeral.Describe()));
  }
  VEIL_ASSIGN_OR_RETURN(const EcCurve epk_curve, ephemeral.curve());
  VEIL_ASSIGN_OR_RETURN(const EcCurve own_curve, recipient.GetPublicKey().curve());
  if (epk_curve != own_curve) {
    return Fail(Malformed("\"epk\" is on " + std::string(EcCurveName(epk_curve)) +
                          " but the recipient key is on " + std::string(EcCurveName(own_curve))));
  }
  VEIL_ASSIGN_OR_RETURN(const SecretBytes kek, DeriveKek(recipient, ephemeral));
  return AesKeyUnwrap(kek.span(), encrypted_key);
}

Status RequireFits(std::string_view alg, KeyType type, std::string_view key) {
  VEIL_ASSIGN_OR_RETURN(const std::string_view expected, KeyManagementAlgorithmFor(type));
  if (alg != expected) {
    return Fail(InvalidArgument("key management \"" + std::string(alg) + "\" does not fit " +
                                std::string(key) + " (which uses " + std::string(expected) + ")"));
  }
  return {};
}

}  // namespace

Result<std::string_view> KeyManagementAlgorithmFor(KeyType type) {
  switch (type) {
    case KeyType::kEc:
      return kEcdhEsA256kw;
    case KeyType::kRsa:
      return kRsaOaep256;
    case KeyType::kEd25519:
    case KeyType::kOther:
      break;
  }
  return Fail(Unsupported("no JWE key management for this key type (EC or RSA expected)"));
}

Result<EncryptedCek> EncryptCek(std::string_view alg, const PublicKey& recipient, ByteSpan cek) {
  VEIL_TRY(RequireFits(alg, recipient.type(), recipient.Describe()));
  if (alg == kEcdhEsA256kw) return EncryptEcdhEs(recipient, cek);
  VEIL_ASSIGN_OR_RETURN(Bytes encrypted_key, RsaOaepSha256Encrypt(recipient, cek));
  return EncryptedCek{nullptr, std::move(encrypted_key)};
}

Result<SecretBytes> DecryptCek(std::string_view alg, const PrivateKey& recipient,
                               const nlohmann::json* epk, ByteSpan encrypted_key) {
  VEIL_TRY(RequireFits(alg, recipient.type(), recipient.Describe()));
  if (alg == kEcdhEsA256kw) return DecryptEcdhEs(recipient, epk, encrypted_key);
  return RsaOaepSha256Decrypt(recipient, encrypted_key);
}

}  // namespace veil::crypto::jose
