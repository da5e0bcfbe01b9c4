#include "veil/appraisal/tpm/attestation_key_cache.h"

#include <utility>

#include "veil/base/hex.h"
#include "veil/crypto/digest.h"

namespace veil::appraisal::tpm {

Result<std::shared_ptr<const DescribedAttestationKey>> DescribeAttestationKey(ByteSpan bytes) {
  VEIL_ASSIGN_OR_RETURN(AttestationKey ak, LoadAttestationKey(bytes));
  std::string fingerprint = HexEncode(crypto::Sha256(ak.key.SpkiDer()));
  std::string type = ak.key.Describe();
  return std::make_shared<const DescribedAttestationKey>(
      DescribedAttestationKey{std::move(ak), std::move(fingerprint), std::move(type)});
}

AttestationKeyCache::AttestationKeyCache(std::size_t capacity) : entries_(capacity) {}

Result<std::shared_ptr<const DescribedAttestationKey>> AttestationKeyCache::Load(ByteSpan bytes) {
  const Bytes digest = crypto::Sha256(bytes);
  const std::string key(digest.begin(), digest.end());
  if (auto cached = entries_.Find(key)) return cached;
  VEIL_ASSIGN_OR_RETURN(auto described, DescribeAttestationKey(bytes));
  entries_.Insert(key, described);
  return described;
}

}  // namespace veil::appraisal::tpm
