#pragma once
// VCEK/VLEK chains that already verified to an AMD ARK, so that later reports signed by the same
// key pay only for their own signature: the chain's RSA-PSS checks and the VCEK's extension parse
// run once per chain, not once per report. Keyed by content (SHA-256 of each certificate's DER),
// bounded (least recently used goes first), safe to share between threads. An entry is used only
// at an instant inside its chain's validity window; outside it the entry is dropped and the chain
// is verified again, so an expired chain fails exactly as it does without the cache.

#include <cstddef>
#include <list>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "veil/appraisal/snp/vcek_extensions.h"
#include "veil/base/bytes.h"
#include "veil/base/clock.h"
#include "veil/crypto/certificate.h"
#include "veil/crypto/public_key.h"
#include "veil/endorsement/amd/roots.h"
#include "veil/evidence/snp/product.h"

namespace veil::appraisal::snp {

// What a verified chain vouches for: everything VerifyReport needs from the signer and its CAs.
struct EndorsedSigner {
  crypto::PublicKey key;  // the VCEK/VLEK public key (its curve is still checked per report)
  VcekExtensions extensions;
  endorsement::amd::KeyKind kind;
  evidence::snp::Product product;
  std::string subject;  // the signer's subject (RFC 2253)
  Bytes ark_sha256;     // fingerprint of the chain's trust anchor
  bool ark_bundled;
  TimePoint valid_from;   // the latest notBefore of signer, ASK/ASVK and ARK
  TimePoint valid_until;  // the earliest notAfter of signer, ASK/ASVK and ARK
};

// The cache key of `signer` with `ca_chain` (the chain sent with the report) or, when absent,
// Veil's bundled chain (which the signer alone determines): SHA-256 of each certificate's DER
// behind a tag, so an explicit empty chain never meets the bundled one.
std::string ChainCacheKey(const crypto::Certificate& signer,
                          const std::optional<std::vector<crypto::Certificate>>& ca_chain);

class VerifiedChainCache {
 public:
  static constexpr std::size_t kDefaultCapacity = 4096;

  // `capacity` >= 1 entries; the least recently used entry is evicted beyond it.
  explicit VerifiedChainCache(std::size_t capacity = kDefaultCapacity);

  VerifiedChainCache(const VerifiedChainCache&) = delete;
  VerifiedChainCache& operator=(const VerifiedChainCache&) = delete;

  // The entry under `key` when `at` lies within [valid_from, valid_until]; nullptr when there is
  // none, and when there is one outside its window (it is dropped).
  std::shared_ptr<const EndorsedSigner> Find(const std::string& key, TimePoint at);

  // Keeps `signer` under `key`, replacing any entry there. Contract: only a chain that has just
  // verified at an instant inside [valid_from, valid_until] (appraisal::snp::VerifyReport).
  void Insert(const std::string& key, std::shared_ptr<const EndorsedSigner> signer);

  std::size_t size() const;

 private:
  using Entry = std::pair<std::string, std::shared_ptr<const EndorsedSigner>>;

  const std::size_t capacity_;
  mutable std::mutex mutex_;
  std::list<Entry> recency_;  // most recently used first
  std::unordered_map<std::string, std::list<Entry>::iterator> index_;
};

}  // namespace veil::appraisal::snp
