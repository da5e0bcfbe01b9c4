#include "veil/appraisal/tpm/credential/object_name.h"

#include "veil/crypto/digest.h"
#include "veil/evidence/tpm/public_area.h"

namespace veil::appraisal::tpm::credential {
namespace {

namespace et = evidence::tpm;

crypto::DigestAlgorithm ToDigest(et::HashAlg hash) {
  switch (hash) {
    case et::HashAlg::kSha1:
      return crypto::DigestAlgorithm::kSha1;
    case et::HashAlg::kSha256:
      return crypto::DigestAlgorithm::kSha256;
    case et::HashAlg::kSha384:
      return crypto::DigestAlgorithm::kSha384;
    case et::HashAlg::kSha512:
      return crypto::DigestAlgorithm::kSha512;
  }
  return crypto::DigestAlgorithm::kSha256;
}

// The TPMT_PUBLIC inside `bytes`: without the size prefix when `bytes` is a TPM2B_PUBLIC (the
// same rule as evidence::tpm::ParsePublicArea).
ByteSpan TpmtBytes(ByteSpan bytes) {
  if (bytes.size() >= 2 &&
      static_cast<std::size_t>((bytes[0] << 8) | bytes[1]) == bytes.size() - 2) {
    return bytes.subspan(2);
  }
  return bytes;
}

}  // namespace

Result<Bytes> ObjectName(ByteSpan public_area) {
  auto area = et::ParsePublicArea(public_area);
  if (!area) {
    Error error = std::move(area).error();
    error.message = "object name: " + error.message;
    return Fail(std::move(error));
  }
  auto hash = et::HashAlgFromId(area->name_alg, "nameAlg");
  if (!hash) {
    Error error = std::move(hash).error();
    error.message = "object name: " + error.message;
    return Fail(std::move(error));
  }
  const Bytes digest = crypto::Digest(ToDigest(*hash), TpmtBytes(public_area));
  Bytes name = {static_cast<std::uint8_t>(area->name_alg >> 8),
                static_cast<std::uint8_t>(area->name_alg & 0xff)};
  name.insert(name.end(), digest.begin(), digest.end());
  return name;
}

}  // namespace veil::appraisal::tpm::credential
