#include "veil/appraisal/tpm/attestation_key.h"

#include <string_view>
#include <variant>

namespace veil::appraisal::tpm {
namespace {

using evidence::tpm::EccCurve;
using evidence::tpm::EccPublic;
using evidence::tpm::RsaPublic;

crypto::EcCurve ToCryptoCurve(EccCurve curve) {
  switch (curve) {
    case EccCurve::kNistP256:
      return crypto::EcCurve::kP256;
    case EccCurve::kNistP384:
      return crypto::EcCurve::kP384;
    case EccCurve::kNistP521:
      return crypto::EcCurve::kP521;
  }
  return crypto::EcCurve::kP256;
}

Result<crypto::PublicKey> FromRsa(const RsaPublic& rsa) {
  const std::uint32_t e = rsa.EffectiveExponent();
  const Bytes exponent = {static_cast<std::uint8_t>(e >> 24), static_cast<std::uint8_t>(e >> 16),
                          static_cast<std::uint8_t>(e >> 8), static_cast<std::uint8_t>(e)};
  return crypto::PublicKey::FromRsa(rsa.modulus, exponent);
}

Result<crypto::PublicKey> FromEcc(const EccPublic& ecc) {
  return crypto::PublicKey::FromEcPoint(ToCryptoCurve(ecc.curve), ecc.x, ecc.y);
}

bool IsSubjectPublicKeyInfo(ByteSpan bytes) {
  const std::string_view text(reinterpret_cast<const char*>(bytes.data()), bytes.size());
  return text.find("-----BEGIN") != std::string_view::npos || (!bytes.empty() && bytes[0] == 0x30);
}

Error AkError(Error error) {
  error.message = "AK: " + error.message;
  return error;
}

}  // namespace

Result<crypto::PublicKey> PublicKeyFromArea(const evidence::tpm::PublicArea& area) {
  if (const auto* rsa = std::get_if<RsaPublic>(&area.key)) return FromRsa(*rsa);
  return FromEcc(std::get<EccPublic>(area.key));
}

Result<AttestationKey> LoadAttestationKey(ByteSpan bytes) {
  if (IsSubjectPublicKeyInfo(bytes)) {
    auto key = crypto::PublicKey::FromDerOrPem(bytes);
    if (!key) return Fail(AkError(std::move(key).error()));
    return AttestationKey{std::move(*key), std::nullopt};
  }
  auto area = evidence::tpm::ParsePublicArea(bytes);
  if (!area) return Fail(AkError(std::move(area).error()));
  auto key = PublicKeyFromArea(*area);
  if (!key) return Fail(AkError(std::move(key).error()));
  return AttestationKey{std::move(*key), std::move(*area)};
}

}  // namespace veil::appraisal::tpm
