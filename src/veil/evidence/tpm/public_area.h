#pragma once
// A TPM object's public area: TPMT_PUBLIC (TCG TPM 2.0 Library Part 2: Structures, rev 1.59,
// 12.2.4) and its sized form TPM2B_PUBLIC (12.2.5), for RSA and ECC keys. This is how an AK
// leaves the TPM (`tpm2_createak -u` writes TPM2B_PUBLIC; go-tpm-tools stores TPMT_PUBLIC).

#include <cstdint>
#include <string_view>
#include <variant>

#include "veil/base/bytes.h"
#include "veil/base/result.h"
#include "veil/evidence/tpm/marshal.h"

namespace veil::evidence::tpm {

// TPMA_OBJECT bits (8.3).
inline constexpr std::uint32_t kObjectFixedTpm = 1u << 1;
inline constexpr std::uint32_t kObjectRestricted = 1u << 16;
inline constexpr std::uint32_t kObjectDecrypt = 1u << 17;
inline constexpr std::uint32_t kObjectSign = 1u << 18;

// TPM_ECC_CURVE (6.4) values Veil accepts.
inline constexpr std::uint16_t kEccNistP256 = 0x0003;
inline constexpr std::uint16_t kEccNistP384 = 0x0004;
inline constexpr std::uint16_t kEccNistP521 = 0x0005;

enum class EccCurve { kNistP256, kNistP384, kNistP521 };
std::size_t EccCoordinateSize(EccCurve curve);  // 32, 48, 66

// TPMT_SYM_DEF_OBJECT (11.1.7); keyBits and mode are absent on the wire when algorithm is NULL.
struct SymmetricDefinition {
  std::uint16_t algorithm = kAlgNull;
  std::uint16_t key_bits = 0;
  std::uint16_t mode = 0;
};

// TPMT_RSA_SCHEME (11.2.4.2) or TPMT_ECC_SCHEME (11.2.5.6): the key's mandatory scheme, if any.
struct AsymmetricScheme {
  std::uint16_t scheme = kAlgNull;
  std::uint16_t hash = kAlgNull;  // TPMS_SCHEME_HASH.hashAlg; NULL for NULL and RSAES
  std::uint16_t count = 0;        // ECDAA only
};

// TPMT_KDF_SCHEME (11.2.3.3).
struct KdfScheme {
  std::uint16_t scheme = kAlgNull;
  std::uint16_t hash = kAlgNull;
};

// TPMS_RSA_PARMS (12.2.3.5) keyBits and exponent, TPMU_PUBLIC_ID.rsa (12.2.3.2).
struct RsaPublic {
  std::uint16_t key_bits = 0;
  std::uint32_t exponent = 0;  // as stored: 0 means the default 65537
  Bytes modulus;               // big-endian, exactly key_bits / 8 bytes

  std::uint32_t EffectiveExponent() const { return exponent == 0 ? 65537u : exponent; }
};

// TPMS_ECC_PARMS (12.2.3.6) curveID and kdf, TPMU_PUBLIC_ID.ecc = TPMS_ECC_POINT (11.2.5.2).
struct EccPublic {
  EccCurve curve = EccCurve::kNistP256;
  KdfScheme kdf;
  Bytes x;  // big-endian, 1..EccCoordinateSize(curve) bytes
  Bytes y;
};

struct PublicArea {
  std::uint16_t type = kAlgRsa;  // TPMI_ALG_PUBLIC: kAlgRsa or kAlgEcc
  std::uint16_t name_alg = kAlgNull;
  std::uint32_t object_attributes = 0;
  Bytes auth_policy;
  SymmetricDefinition symmetric;
  AsymmetricScheme scheme;
  std::variant<RsaPublic, EccPublic> key;

  // sign and restricted set: the TPM only signs digests it computed itself (an AK).
  bool IsRestrictedSigningKey() const {
    return (object_attributes & (kObjectSign | kObjectRestricted)) ==
           (kObjectSign | kObjectRestricted);
  }
};

// The whole buffer as one big-endian TPMT_PUBLIC. kUnsupported for types other than RSA/ECC,
// curves other than NIST P-256/384/521, and unknown scheme/symmetric/KDF algorithms; kMalformed for
// reserved TPMA_OBJECT bits, sizes above their maximum or what remains, an RSA modulus whose length
// disagrees with keyBits, and trailing bytes.
Result<PublicArea> ParseTpmtPublic(ByteSpan bytes);
// The whole buffer as one TPM2B_PUBLIC: u16 size, then exactly that many bytes of TPMT_PUBLIC.
Result<PublicArea> ParseTpm2bPublic(ByteSpan bytes);
// TPM2B_PUBLIC when the leading u16 equals the number of bytes after it, TPMT_PUBLIC otherwise.
Result<PublicArea> ParsePublicArea(ByteSpan bytes);

}  // namespace veil::evidence::tpm
