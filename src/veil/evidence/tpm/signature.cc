#include "veil/evidence/tpm/signature.h"

#include <string>

#include "veil/base/byte_reader.h"

namespace veil::evidence::tpm {
namespace {

Result<SignatureScheme> SchemeFromId(std::uint16_t sig_alg) {
  switch (sig_alg) {
    case kAlgRsassa:
      return SignatureScheme::kRsassa;
    case kAlgRsapss:
      return SignatureScheme::kRsapss;
    case kAlgEcdsa:
      return SignatureScheme::kEcdsa;
    default:
      break;
  }
  return Fail(Unsupported("TPMT_SIGNATURE.sigAlg: expected " + Hex16(kAlgRsassa) + " (RSASSA), " +
                          Hex16(kAlgRsapss) + " (RSAPSS) or " + Hex16(kAlgEcdsa) +
                          " (ECDSA), got " + Hex16(sig_alg)));
}

// A TPM2B that must not be empty: an empty signature or coordinate cannot verify.
Result<Bytes> ReadNonEmpty(ByteReader& reader, std::size_t max_size, std::string_view field) {
  VEIL_ASSIGN_OR_RETURN(const ByteSpan value, ReadSized(reader, max_size, field));
  if (value.empty()) return Fail(Malformed(std::string(field) + " is empty"));
  return ToBytes(value);
}

}  // namespace

std::string_view SignatureSchemeName(SignatureScheme scheme) {
  switch (scheme) {
    case SignatureScheme::kRsassa:
      return "rsassa";
    case SignatureScheme::kRsapss:
      return "rsapss";
    case SignatureScheme::kEcdsa:
      return "ecdsa";
  }
  return "unknown";
}

std::uint16_t SignatureSchemeId(SignatureScheme scheme) {
  switch (scheme) {
    case SignatureScheme::kRsassa:
      return kAlgRsassa;
    case SignatureScheme::kRsapss:
      return kAlgRsapss;
    case SignatureScheme::kEcdsa:
      return kAlgEcdsa;
  }
  return kAlgNull;
}

Result<Signature> ParseSignature(ByteSpan bytes) {
  ByteReader reader(bytes);
  Signature signature;
  VEIL_ASSIGN_OR_RETURN(const std::uint16_t sig_alg, reader.U16Be("TPMT_SIGNATURE.sigAlg"));
  VEIL_ASSIGN_OR_RETURN(signature.scheme, SchemeFromId(sig_alg));
  // TPMS_SIGNATURE_RSA (11.3.1) and TPMS_SIGNATURE_ECC (11.3.2) both start with TPMI_ALG_HASH.
  VEIL_ASSIGN_OR_RETURN(const std::uint16_t hash_id, reader.U16Be("TPMT_SIGNATURE.hash"));
  VEIL_ASSIGN_OR_RETURN(signature.hash, HashAlgFromId(hash_id, "TPMT_SIGNATURE.hash"));
  if (signature.scheme == SignatureScheme::kEcdsa) {
    VEIL_ASSIGN_OR_RETURN(signature.ecdsa_r,
                          ReadNonEmpty(reader, kMaxEccKeyBytes, "TPMS_SIGNATURE_ECC.signatureR"));
    VEIL_ASSIGN_OR_RETURN(signature.ecdsa_s,
                          ReadNonEmpty(reader, kMaxEccKeyBytes, "TPMS_SIGNATURE_ECC.signatureS"));
  } else {
    VEIL_ASSIGN_OR_RETURN(signature.rsa_signature,
                          ReadNonEmpty(reader, kMaxRsaKeyBytes, "TPMS_SIGNATURE_RSA.sig"));
  }
  VEIL_TRY(reader.ExpectEnd("TPMT_SIGNATURE"));
  return signature;
}

}  // namespace veil::evidence::tpm
