#pragma once
// LruCache<V>: a bounded map from a string key to an immutable shared value, safe to share
// between threads. Find() marks an entry most recently used; Insert() beyond the capacity drops
// the least recently used one. Values are handed out as shared_ptr<const V>, so an entry evicted
// or replaced while a caller still holds it stays alive for that caller.

#include <cstddef>
#include <list>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <utility>

#include "veil/base/result.h"

namespace veil {

template <class V>
class LruCache {
 public:
  // `capacity` >= 1 entries.
  explicit LruCache(std::size_t capacity) : capacity_(capacity) { VEIL_CHECK(capacity_ >= 1); }

  LruCache(const LruCache&) = delete;
  LruCache& operator=(const LruCache&) = delete;

  // The value under `key`, or nullptr.
  std::shared_ptr<const V> Find(const std::string& key) {
    const std::lock_guard lock(mutex_);
    const auto found = index_.find(key);
    if (found == index_.end()) return nullptr;
    recency_.splice(recency_.begin(), recency_, found->second);
    return found->second->second;
  }

  // Keeps `value` (not null) under `key`, replacing any entry there.
  void Insert(const std::string& key, std::shared_ptr<const V> value) {
    VEIL_CHECK(value != nullptr);
    const std::lock_guard lock(mutex_);
    EraseLocked(key);
    recency_.emplace_front(key, std::move(value));
    index_.emplace(key, recency_.begin());
    if (recency_.size() > capacity_) {
      index_.erase(recency_.back().first);
      recency_.pop_back();
    }
  }

  void Erase(const std::string& key) {
    const std::lock_guard lock(mutex_);
    EraseLocked(key);
  }

  std::size_t size() const {
    const std::lock_guard lock(mutex_);
    return recency_.size();
  }

  std::size_t capacity() const { return capacity_; }

 private:
  using Entry = std::pair<std::string, std::shared_ptr<const V>>;

  void EraseLocked(const std::string& key) {
    if (const auto found = index_.find(key); found != index_.end()) {
      recency_.erase(found->second);
      index_.erase(found);
    }
  }

  const std::size_t capacity_;
  mutable std::mutex mutex_;
  std::list<Entry> recency_;  // most recently used first
  std::unordered_map<std::string, typename std::list<Entry>::iterator> index_;
};

}  // namespace veil
