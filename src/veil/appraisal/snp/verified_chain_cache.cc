#include "veil/appraisal/snp/verified_chain_cache.h"

#include "veil/base/result.h"

namespace veil::appraisal::snp {
namespace {

void AppendFingerprint(std::string& key, const crypto::Certificate& certificate) {
  const Bytes fingerprint = certificate.Sha256Fingerprint();
  key.append(fingerprint.begin(), fingerprint.end());
}

}  // namespace

std::string ChainCacheKey(const crypto::Certificate& signer,
                          const std::optional<std::vector<crypto::Certificate>>& ca_chain) {
  std::string key;
  if (!ca_chain) {
    key = "bundled:";
    AppendFingerprint(key, signer);
    return key;
  }
  // The count keeps [signer][ASK, ARK] apart from any other split of the same bytes.
  key = "chain:" + std::to_string(ca_chain->size()) + ":";
  AppendFingerprint(key, signer);
  for (const crypto::Certificate& certificate : *ca_chain) AppendFingerprint(key, certificate);
  return key;
}

VerifiedChainCache::VerifiedChainCache(std::size_t capacity) : capacity_(capacity) {
  VEIL_CHECK(capacity_ >= 1);
}

std::shared_ptr<const EndorsedSigner> VerifiedChainCache::Find(const std::string& key,
                                                               TimePoint at) {
  const std::lock_guard lock(mutex_);
  const auto found = index_.find(key);
  if (found == index_.end()) return nullptr;
  const auto entry = found->second;
  const EndorsedSigner& signer = *entry->second;
  if (at < signer.valid_from || at > signer.valid_until) {
    recency_.erase(entry);
    index_.erase(found);
    return nullptr;
  }
  recency_.splice(recency_.begin(), recency_, entry);
  return entry->second;
}

void VerifiedChainCache::Insert(const std::string& key,
                                std::shared_ptr<const EndorsedSigner> signer) {
  VEIL_CHECK(signer != nullptr);
  const std::lock_guard lock(mutex_);
  if (const auto found = index_.find(key); found != index_.end()) {
    recency_.erase(found->second);
    index_.erase(found);
  }
  recency_.emplace_front(key, std::move(signer));
  index_.emplace(key, recency_.begin());
  if (recency_.size() > capacity_) {
    index_.erase(recency_.back().first);
    recency_.pop_back();
  }
}

std::size_t VerifiedChainCache::size() const {
  const std::lock_guard lock(mutex_);
  return recency_.size();
}

}  // namespace veil::appraisal::snp
