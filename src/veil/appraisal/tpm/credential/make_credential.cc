#include "veil/appraisal/tpm/credential/make_credential.h"

#include <algorithm>
#include <string>
#include <variant>

#include "veil/appraisal/tpm/attestation_key.h"
#include "veil/crypto/aes_cfb.h"
#include "veil/crypto/concat_kdf.h"
#include "veil/crypto/digest.h"
#include "veil/crypto/ecdh.h"
#include "veil/crypto/hmac.h"
#include "veil/crypto/kbkdf.h"
#include "veil/crypto/private_key.h"
#include "veil/crypto/public_key_components.h"
#include "veil/crypto/random.h"
#include "veil/crypto/rsa_oaep.h"
#include "veil/crypto/secret_bytes.h"

namespace veil::appraisal::tpm::credential {
namespace {

namespace et = evidence::tpm;
using crypto::DigestAlgorithm;

// TPM_ALG_CFB (Part 2, 6.3): the only mode the EK templates use for their symmetric key.
constexpr std::uint16_t kAlgCfb = 0x0043;
// Every derivation here runs over SHA-256, the EK nameAlg Veil accepts.
constexpr DigestAlgorithm kNameDigest = DigestAlgorithm::kSha256;
constexpr std::size_t kSeedSize = 32;
// The label of credential protection, with its terminating NUL where the spec counts it.
constexpr std::string_view kIdentity = "IDENTITY";
constexpr std::string_view kStorage = "STORAGE";
constexpr std::string_view kIntegrity = "INTEGRITY";

void AppendU16(Bytes& out, std::size_t value) {
  out.push_back(static_cast<std::uint8_t>(value >> 8));
  out.push_back(static_cast<std::uint8_t>(value & 0xff));
}

void Append(Bytes& out, ByteSpan bytes) { out.insert(out.end(), bytes.begin(), bytes.end()); }

Bytes LabelWithNul(std::string_view label) {
  Bytes bytes(label.begin(), label.end());
  bytes.push_back(0);
  return bytes;
}

// What TPM2_ActivateCredential needs of the EK (Part 3, 12.5.1: keyHandle must be a restricted
// decryption key; its symmetric definition protects the credential).
Status CheckEndorsementKey(const et::PublicArea& ek) {
  constexpr std::uint32_t kStorageKey = et::kObjectRestricted | et::kObjectDecrypt;
  if ((ek.object_attributes & kStorageKey) != kStorageKey ||
      (ek.object_attributes & et::kObjectSign) != 0) {
    return Fail(
        Unsupported("make credential: the EK must be a restricted decryption key, got "
                    "objectAttributes " +
                    et::Hex32(ek.object_attributes)));
  }
  if (ek.name_alg != et::kAlgSha256) {
    return Fail(Unsupported("make credential: EK nameAlg " + et::Hex16(ek.name_alg) +
                            ", expected SHA-256 (0x000b)"));
  }
  const et::SymmetricDefinition& sym = ek.symmetric;
  if (sym.algorithm != et::kAlgAes || sym.mode != kAlgCfb ||
      (sym.key_bits != 128 && sym.key_bits != 192 && sym.key_bits != 256)) {
    return Fail(Unsupported("make credential: EK symmetric " + et::Hex16(sym.algorithm) + "/" +
                            std::to_string(sym.key_bits) + "/" + et::Hex16(sym.mode) +
                            ", expected AES (0x0006) 128/192/256 CFB (0x0043)"));
  }
  if (const auto* ecc = std::get_if<et::EccPublic>(&ek.key)) {
    if (ecc->curve != et::EccCurve::kNistP256) {
      return Fail(Unsupported("make credential: ECC EKs must be on NIST P-256"));
    }
    if (ecc->kdf.scheme != et::kAlgNull) {
      return Fail(Unsupported("make credential: ECC EK kdf " + et::Hex16(ecc->kdf.scheme) +
                              ", expected NULL (KDFe with nameAlg)"));
    }
  } else if (std::get<et::RsaPublic>(ek.key).key_bits != 2048) {
    return Fail(Unsupported("make credential: RSA EKs must have 2048 bits, got " +
                            std::to_string(std::get<et::RsaPublic>(ek.key).key_bits)));
  }
  return {};
}

Status CheckName(ByteSpan name) {
  if (name.size() < 2) return Fail(InvalidArgument("make credential: AK name is too short"));
  const std::uint16_t alg = static_cast<std::uint16_t>((name[0] << 8) | name[1]);
  auto hash = et::HashAlgFromId(alg, "AK name nameAlg");
  if (!hash) return Fail(InvalidArgument("make credential: " + hash.error().message));
  if (name.size() != 2 + et::HashAlgDigestSize(*hash)) {
    return Fail(InvalidArgument("make credential: AK name of " + std::to_string(name.size()) +
                                " bytes, expected " +
                                std::to_string(2 + et::HashAlgDigestSize(*hash)) + " for " +
                                std::string(et::HashAlgName(*hash))));
  }
  return {};
}

struct Seed {
  crypto::SecretBytes value;
  Bytes encrypted_secret;
};

// RSA secret sharing (Part 1, B.10.3): a random seed, OAEP-encrypted to the EK.
Result<Seed> RsaSeed(const crypto::PublicKey& ek_key) {
  Seed seed{crypto::RandomSecretBytes(kSeedSize), {}};
  VEIL_ASSIGN_OR_RETURN(
      seed.encrypted_secret,
      crypto::RsaOaepEncrypt(ek_key, kNameDigest, LabelWithNul(kIdentity), seed.value.span()));
  return seed;
}

// ECC secret sharing (Part 1, C.6.4, one-pass Diffie-Hellman): the seed is KDFe over the ECDH
// secret with PartyUInfo the ephemeral x and PartyVInfo the EK's x as its public area holds it;
// the TPM receives the ephemeral point.
Result<Seed> EccSeed(const crypto::PublicKey& ek_key, const et::EccPublic& ek_point) {
  VEIL_ASSIGN_OR_RETURN(const crypto::PrivateKey ephemeral,
                        crypto::PrivateKey::Generate(crypto::KeyAlgorithm::kEcP256));
  VEIL_ASSIGN_OR_RETURN(const crypto::EcPublicPoint point,
                        crypto::GetEcPublicPoint(ephemeral.GetPublicKey()));
  VEIL_ASSIGN_OR_RETURN(const crypto::SecretBytes z, crypto::EcdhSharedSecret(ephemeral, ek_key));
  // KDFe (11.4.10.3): Hash(counter || Z || "IDENTITY\0" || PartyUInfo || PartyVInfo), which is
  // the Concat KDF with OtherInfo = label || PartyUInfo || PartyVInfo.
  Bytes other_info = LabelWithNul(kIdentity);
  Append(other_info, point.x);
  Append(other_info, ek_point.x);
  Seed seed;
  VEIL_ASSIGN_OR_RETURN(seed.value, crypto::ConcatKdfSha256(z.span(), kSeedSize, other_info));
  AppendU16(seed.encrypted_secret, point.x.size());
  Append(seed.encrypted_secret, point.x);
  AppendU16(seed.encrypted_secret, point.y.size());
  Append(seed.encrypted_secret, point.y);
  return seed;
}

}  // namespace

Result<CredentialChallenge> MakeCredential(const et::PublicArea& ek, ByteSpan ak_name,
                                           ByteSpan credential) {
  VEIL_TRY(CheckEndorsementKey(ek));
  VEIL_TRY(CheckName(ak_name));
  if (credential.empty() || credential.size() > crypto::DigestSize(kNameDigest)) {
    return Fail(InvalidArgument("make credential: a credential of " +
                                std::to_string(credential.size()) + " bytes, expected 1..32"));
  }
  VEIL_ASSIGN_OR_RETURN(const crypto::PublicKey ek_key, PublicKeyFromArea(ek));
  const auto* ecc = std::get_if<et::EccPublic>(&ek.key);
  VEIL_ASSIGN_OR_RETURN(const Seed seed, ecc != nullptr ? EccSeed(ek_key, *ecc) : RsaSeed(ek_key));

  // 24.4: the credential, as a TPM2B_DIGEST, encrypted under a key bound to the AK's Name.
  VEIL_ASSIGN_OR_RETURN(const crypto::SecretBytes storage_key,
                        crypto::KbkdfHmacCounter(kNameDigest, seed.value.span(), kStorage, ak_name,
                                                 ek.symmetric.key_bits / 8u));
  crypto::SecretBytes sized_credential(2 + credential.size());
  sized_credential.mutable_span()[0] = static_cast<std::uint8_t>(credential.size() >> 8);
  sized_credential.mutable_span()[1] = static_cast<std::uint8_t>(credential.size() & 0xff);
  std::copy(credential.begin(), credential.end(), sized_credential.mutable_span().begin() + 2);
  const Bytes zero_iv(crypto::kAesBlockSize, 0);
  VEIL_ASSIGN_OR_RETURN(const Bytes enc_identity, crypto::AesCfbEncrypt(storage_key.span(), zero_iv,
                                                                        sized_credential.span()));

  // 24.5: the outer HMAC over encIdentity and the Name.
  VEIL_ASSIGN_OR_RETURN(const crypto::SecretBytes hmac_key,
                        crypto::KbkdfHmacCounter(kNameDigest, seed.value.span(), kIntegrity, {},
                                                 crypto::DigestSize(kNameDigest)));
  Bytes integrity_input = enc_identity;
  Append(integrity_input, ak_name);
  VEIL_ASSIGN_OR_RETURN(const Bytes integrity,
                        crypto::Hmac(kNameDigest, hmac_key.span(), integrity_input));

  CredentialChallenge challenge;
  AppendU16(challenge.credential_blob, integrity.size());
  Append(challenge.credential_blob, integrity);
  Append(challenge.credential_blob, enc_identity);
  challenge.encrypted_secret = seed.encrypted_secret;
  return challenge;
}

}  // namespace veil::appraisal::tpm::credential
