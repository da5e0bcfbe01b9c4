#include "veil/node/tpm_keys.h"

#include <cstdio>

#include "veil/appraisal/tpm/attestation_key.h"
#include "veil/base/hex.h"
#include "veil/crypto/digest.h"

namespace veil::node {
namespace {

// TCG TPM 2.0 Library Part 2, rev 1.59, 8.3.2 TPMA_OBJECT: bit 4 fixedParent.
constexpr std::uint32_t kObjectFixedParent = 1u << 4;

bool LooksLikeSpki(ByteSpan bytes) {
  return !bytes.empty() && (bytes.front() == 0x30 || bytes.front() == '-');
}

std::string Attributes(std::uint32_t attributes) {
  char text[16];
  std::snprintf(text, sizeof text, "0x%08x", attributes);
  return text;
}

}  // namespace

std::string KeyDigest(const crypto::PublicKey& key) {
  return HexEncode(crypto::Digest(crypto::DigestAlgorithm::kSha256, key.SpkiDer()));
}

Result<TpmKey> LoadTpmPublicArea(std::string_view what, ByteSpan bytes) {
  auto area = evidence::tpm::ParsePublicArea(bytes);
  if (!area) return Fail(std::move(area).error().WithContext(std::string(what)));
  auto key = appraisal::tpm::PublicKeyFromArea(*area);
  if (!key) return Fail(std::move(key).error().WithContext(std::string(what)));
  std::string digest = KeyDigest(*key);
  return TpmKey{std::move(*key), std::move(*area), std::move(digest)};
}

Result<TpmKey> LoadTpmPublicKey(std::string_view what, ByteSpan bytes) {
  if (!LooksLikeSpki(bytes)) return LoadTpmPublicArea(what, bytes);
  auto key = crypto::PublicKey::FromDerOrPem(bytes);
  if (!key) return Fail(std::move(key).error().WithContext(std::string(what)));
  std::string digest = KeyDigest(*key);
  return TpmKey{std::move(*key), std::nullopt, std::move(digest)};
}

Status CheckAttestationKeyAttributes(const evidence::tpm::PublicArea& ak) {
  const std::uint32_t found = ak.object_attributes;
  const auto missing = [&](std::string_view attribute) {
    return Fail(InvalidArgument("AK public: expected a " + std::string(attribute) +
                                " key, got attributes " + Attributes(found)));
  };
  if ((found & evidence::tpm::kObjectRestricted) == 0) return missing("restricted");
  if ((found & evidence::tpm::kObjectSign) == 0) return missing("signing (sign)");
  if ((found & evidence::tpm::kObjectDecrypt) != 0) {
    return Fail(InvalidArgument(
        "AK public: expected a signing key without decrypt, got attributes " + Attributes(found)));
  }
  if ((found & evidence::tpm::kObjectFixedTpm) == 0) return missing("fixedTPM");
  if ((found & kObjectFixedParent) == 0) return missing("fixedParent");
  return {};
}

}  // namespace veil::node
