#include "veil/evidence/tpm/public_area.h"

#include <algorithm>
#include <initializer_list>
#include <string>

#include "veil/base/byte_reader.h"

namespace veil::evidence::tpm {
namespace {

constexpr std::uint16_t kAlgSm4 = 0x0013;
constexpr std::uint16_t kAlgCamellia = 0x0026;

// TPMA_OBJECT (8.3) bits 0, 3, 8-9, 12-15 and 20-31 are reserved.
constexpr std::uint32_t kObjectReservedMask = 0xFFF0F309;

// Largest TPMT_PUBLIC this parser accepts: RSA-4096 with a SHA-512 authPolicy
// (type, nameAlg, attributes, authPolicy, symmetric, scheme, keyBits, exponent, unique).
constexpr std::size_t kMaxPublicAreaSize =
    2 + 2 + 4 + (2 + kMaxDigestSize) + 6 + 4 + 2 + 4 + (2 + kMaxRsaKeyBytes);

bool OneOf(std::uint16_t value, std::initializer_list<std::uint16_t> allowed) {
  return std::find(allowed.begin(), allowed.end(), value) != allowed.end();
}

Error UnsupportedAlg(const std::string& field, std::uint16_t value, std::string_view expected) {
  return Unsupported(field + ": expected " + std::string(expected) + ", got " + Hex16(value));
}

// TPMT_SYM_DEF_OBJECT (11.1.7): algorithm, then keyBits and mode unless NULL.
Result<SymmetricDefinition> ReadSymmetric(ByteReader& reader, const std::string& field) {
  SymmetricDefinition symmetric;
  VEIL_ASSIGN_OR_RETURN(symmetric.algorithm, reader.U16Be(field + ".algorithm"));
  if (symmetric.algorithm == kAlgNull) return symmetric;
  if (!OneOf(symmetric.algorithm, {kAlgAes, kAlgSm4, kAlgCamellia})) {
    return Fail(
        UnsupportedAlg(field + ".algorithm", symmetric.algorithm, "NULL, AES, SM4 or CAMELLIA"));
  }
  VEIL_ASSIGN_OR_RETURN(symmetric.key_bits, reader.U16Be(field + ".keyBits"));
  VEIL_ASSIGN_OR_RETURN(symmetric.mode, reader.U16Be(field + ".mode"));
  return symmetric;
}

// TPMT_RSA_SCHEME / TPMT_ECC_SCHEME: scheme, then its TPMU_ASYM_SCHEME (11.2.3.5) details.
Result<AsymmetricScheme> ReadScheme(ByteReader& reader, const std::string& field,
                                    std::uint16_t key_type) {
  AsymmetricScheme scheme;
  VEIL_ASSIGN_OR_RETURN(scheme.scheme, reader.U16Be(field + ".scheme"));
  const bool rsa = key_type == kAlgRsa;
  const bool allowed =
      rsa ? OneOf(scheme.scheme, {kAlgNull, kAlgRsassa, kAlgRsapss, kAlgRsaes, kAlgOaep})
          : OneOf(scheme.scheme,
                  {kAlgNull, kAlgEcdsa, kAlgEcdaa, kAlgSm2, kAlgEcschnorr, kAlgEcdh, kAlgEcmqv});
  if (!allowed) {
    return Fail(
        UnsupportedAlg(field + ".scheme", scheme.scheme,
                       rsa ? "an RSA scheme (NULL, RSASSA, RSAPSS, RSAES, OAEP)"
                           : "an ECC scheme (NULL, ECDSA, ECDAA, SM2, ECSCHNORR, ECDH, ECMQV)"));
  }
  if (scheme.scheme == kAlgNull || scheme.scheme == kAlgRsaes) return scheme;  // TPMS_EMPTY details
  VEIL_ASSIGN_OR_RETURN(scheme.hash, reader.U16Be(field + ".details.hashAlg"));
  if (scheme.scheme == kAlgEcdaa) {
    VEIL_ASSIGN_OR_RETURN(scheme.count, reader.U16Be(field + ".details.count"));
  }
  return scheme;
}

// TPMT_KDF_SCHEME (11.2.3.3): scheme, then a TPMS_SCHEME_HASH unless NULL.
Result<KdfScheme> ReadKdf(ByteReader& reader, const std::string& field) {
  KdfScheme kdf;
  VEIL_ASSIGN_OR_RETURN(kdf.scheme, reader.U16Be(field + ".scheme"));
  if (kdf.scheme == kAlgNull) return kdf;
  if (!OneOf(kdf.scheme, {kAlgMgf1, kAlgKdf1Sp800_56a, kAlgKdf2, kAlgKdf1Sp800_108})) {
    return Fail(UnsupportedAlg(field + ".scheme", kdf.scheme,
                               "NULL, MGF1, KDF1_SP800_56A, KDF2 or KDF1_SP800_108"));
  }
  VEIL_ASSIGN_OR_RETURN(kdf.hash, reader.U16Be(field + ".details.hashAlg"));
  return kdf;
}

Result<EccCurve> CurveFromId(std::uint16_t curve_id) {
  switch (curve_id) {
    case kEccNistP256:
      return EccCurve::kNistP256;
    case kEccNistP384:
      return EccCurve::kNistP384;
    case kEccNistP521:
      return EccCurve::kNistP521;
    default:
      break;
  }
  return Fail(UnsupportedAlg("TPMS_ECC_PARMS.curveID", curve_id,
                             "NIST P-256 (0x0003), P-384 (0x0004) or P-521 (0x0005)"));
}

// TPMS_RSA_PARMS after its scheme (keyBits, exponent), then TPMU_PUBLIC_ID.rsa.
Result<RsaPublic> ReadRsa(ByteReader& reader) {
  RsaPublic rsa;
  VEIL_ASSIGN_OR_RETURN(rsa.key_bits, reader.U16Be("TPMS_RSA_PARMS.keyBits"));
  VEIL_ASSIGN_OR_RETURN(rsa.exponent, reader.U32Be("TPMS_RSA_PARMS.exponent"));
  VEIL_ASSIGN_OR_RETURN(const ByteSpan modulus,
                        ReadSized(reader, kMaxRsaKeyBytes, "TPMT_PUBLIC.unique.rsa"));
  if (rsa.key_bits == 0 || rsa.key_bits % 8 != 0 || modulus.size() != rsa.key_bits / 8u) {
    return Fail(Malformed("TPMT_PUBLIC.unique.rsa: expected a " +
                          std::to_string(rsa.key_bits / 8u) + "-byte modulus for keyBits " +
                          std::to_string(rsa.key_bits) + ", got " + std::to_string(modulus.size()) +
                          " bytes"));
  }
  rsa.modulus = ToBytes(modulus);
  return rsa;
}

Result<Bytes> ReadCoordinate(ByteReader& reader, EccCurve curve, const std::string& field) {
  VEIL_ASSIGN_OR_RETURN(const ByteSpan value, ReadSized(reader, kMaxEccKeyBytes, field));
  if (value.empty() || value.size() > EccCoordinateSize(curve)) {
    return Fail(Malformed(field + ": expected 1 to " + std::to_string(EccCoordinateSize(curve)) +
                          " bytes for the curve, got " + std::to_string(value.size())));
  }
  return ToBytes(value);
}

// TPMS_ECC_PARMS after its scheme (curveID, kdf), then TPMU_PUBLIC_ID.ecc.
Result<EccPublic> ReadEcc(ByteReader& reader) {
  EccPublic ecc;
  VEIL_ASSIGN_OR_RETURN(const std::uint16_t curve_id, reader.U16Be("TPMS_ECC_PARMS.curveID"));
  VEIL_ASSIGN_OR_RETURN(ecc.curve, CurveFromId(curve_id));
  VEIL_ASSIGN_OR_RETURN(ecc.kdf, ReadKdf(reader, "TPMS_ECC_PARMS.kdf"));
  VEIL_ASSIGN_OR_RETURN(ecc.x, ReadCoordinate(reader, ecc.curve, "TPMT_PUBLIC.unique.ecc.x"));
  VEIL_ASSIGN_OR_RETURN(ecc.y, ReadCoordinate(reader, ecc.curve, "TPMT_PUBLIC.unique.ecc.y"));
  return ecc;
}

Status ReadHeader(ByteReader& reader, PublicArea& area) {
  VEIL_ASSIGN_OR_RETURN(area.type, reader.U16Be("TPMT_PUBLIC.type"));
  if (area.type != kAlgRsa && area.type != kAlgEcc) {
    return Fail(UnsupportedAlg("TPMT_PUBLIC.type", area.type, "RSA (0x0001) or ECC (0x0023)"));
  }
  VEIL_ASSIGN_OR_RETURN(area.name_alg, reader.U16Be("TPMT_PUBLIC.nameAlg"));
  VEIL_ASSIGN_OR_RETURN(area.object_attributes, reader.U32Be("TPMT_PUBLIC.objectAttributes"));
  if ((area.object_attributes & kObjectReservedMask) != 0) {
    return Fail(Malformed("TPMT_PUBLIC.objectAttributes: reserved bits must be zero, got " +
                          Hex32(area.object_attributes & kObjectReservedMask)));
  }
  VEIL_ASSIGN_OR_RETURN(const ByteSpan policy,
                        ReadSized(reader, kMaxDigestSize, "TPMT_PUBLIC.authPolicy"));
  area.auth_policy = ToBytes(policy);
  return {};
}

}  // namespace

std::size_t EccCoordinateSize(EccCurve curve) {
  switch (curve) {
    case EccCurve::kNistP256:
      return 32;
    case EccCurve::kNistP384:
      return 48;
    case EccCurve::kNistP521:
      return 66;
  }
  return 0;
}

Result<PublicArea> ParseTpmtPublic(ByteSpan bytes) {
  ByteReader reader(bytes);
  PublicArea area;
  VEIL_TRY(ReadHeader(reader, area));
  // TPMU_PUBLIC_PARMS (12.2.3.7): both key types start with symmetric and scheme.
  const std::string parms = area.type == kAlgRsa ? "TPMS_RSA_PARMS" : "TPMS_ECC_PARMS";
  VEIL_ASSIGN_OR_RETURN(area.symmetric, ReadSymmetric(reader, parms + ".symmetric"));
  VEIL_ASSIGN_OR_RETURN(area.scheme, ReadScheme(reader, parms + ".scheme", area.type));
  if (area.type == kAlgRsa) {
    VEIL_ASSIGN_OR_RETURN(area.key, ReadRsa(reader));
  } else {
    VEIL_ASSIGN_OR_RETURN(area.key, ReadEcc(reader));
  }
  VEIL_TRY(reader.ExpectEnd("TPMT_PUBLIC"));
  return area;
}

Result<PublicArea> ParseTpm2bPublic(ByteSpan bytes) {
  ByteReader reader(bytes);
  VEIL_ASSIGN_OR_RETURN(const ByteSpan inner,
                        ReadSized(reader, kMaxPublicAreaSize, "TPM2B_PUBLIC.publicArea"));
  VEIL_TRY(reader.ExpectEnd("TPM2B_PUBLIC"));
  return ParseTpmtPublic(inner);
}

Result<PublicArea> ParsePublicArea(ByteSpan bytes) {
  if (bytes.size() >= 2 && ((std::size_t{bytes[0]} << 8) | bytes[1]) == bytes.size() - 2) {
    return ParseTpm2bPublic(bytes);
  }
  return ParseTpmtPublic(bytes);
}

}  // namespace veil::evidence::tpm
