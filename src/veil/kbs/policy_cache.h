#pragma once
// Parsed attestation and resource policies, so that a request still reads the stored policy (one
// row: cheap, and right when several trustees share a database or an admin has just changed it)
// but parses it (YAML, or Rego compiled) only when its text differs from every text parsed
// before. Keyed by the policy's id and the SHA-256 of its text: a changed text is a miss and is
// parsed, so a PutPolicy, from this process or another, takes effect at the next request exactly
// as without the cache. Bounded per kind (least recently used goes first), safe to share between
// threads; parse errors are not cached.

#include <cstddef>
#include <memory>

#include "veil/base/lru_cache.h"
#include "veil/base/result.h"
#include "veil/kbs/policy_inputs.h"
#include "veil/store/policy.h"

namespace veil::kbs {

class PolicyCache {
 public:
  static constexpr std::size_t kDefaultCapacity = 8;  // per kind

  // `capacity` >= 1 policies of each kind.
  explicit PolicyCache(std::size_t capacity = kDefaultCapacity);

  // ParseAnyAttestationPolicy(stored.text, stored.id), parsed once per distinct id and text.
  Result<std::shared_ptr<const AnyAttestationPolicy>> Attestation(const store::Policy& stored);
  // ParseAnyResourcePolicy(stored.text), parsed once per distinct text.
  Result<std::shared_ptr<const AnyResourcePolicy>> Resource(const store::Policy& stored);

  std::size_t size() const { return attestation_.size() + resource_.size(); }

 private:
  LruCache<AnyAttestationPolicy> attestation_;
  LruCache<AnyResourcePolicy> resource_;
};

}  // namespace veil::kbs
