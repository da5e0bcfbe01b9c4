#include "veil/kbs/policy_cache.h"

#include <string>
#include <utility>

#include "veil/crypto/digest.h"

namespace veil::kbs {
namespace {

// The id (which cannot hold '\n', store::ValidatePolicy) and the text's SHA-256.
std::string CacheKey(const store::Policy& stored) {
  const Bytes digest = crypto::Sha256(AsBytes(stored.text));
  std::string key = stored.id + "\n";
  key.append(digest.begin(), digest.end());
  return key;
}

template <class Policy, class Parse>
Result<std::shared_ptr<const Policy>> FindOrParse(LruCache<Policy>& cache,
                                                  const store::Policy& stored, Parse parse) {
  const std::string key = CacheKey(stored);
  if (auto cached = cache.Find(key)) return cached;
  VEIL_ASSIGN_OR_RETURN(Policy parsed, parse());
  auto shared = std::make_shared<const Policy>(std::move(parsed));
  cache.Insert(key, shared);
  return shared;
}

}  // namespace

PolicyCache::PolicyCache(std::size_t capacity) : attestation_(capacity), resource_(capacity) {}

Result<std::shared_ptr<const AnyAttestationPolicy>> PolicyCache::Attestation(
    const store::Policy& stored) {
  return FindOrParse(attestation_, stored,
                     [&] { return ParseAnyAttestationPolicy(stored.text, stored.id); });
}

Result<std::shared_ptr<const AnyResourcePolicy>> PolicyCache::Resource(
    const store::Policy& stored) {
  return FindOrParse(resource_, stored, [&] { return ParseAnyResourcePolicy(stored.text); });
}

}  // namespace veil::kbs
