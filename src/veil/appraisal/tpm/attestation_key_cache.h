#pragma once
// Attestation keys already loaded, so that later quotes signed by the same AK pay for their own
// signature only: the OpenSSL key import and the DER SubjectPublicKeyInfo encoding behind the
// `ak` claim (OpenSSL 3.0 looks its encoders up on every call) run once per AK, not per quote.
// Keyed by the SHA-256 of the AK bytes exactly as the evidence carries them, so a different AK,
// or the same key sent in another form, is a different entry. Bounded (least recently used goes
// first) and safe to share between threads. Nothing about the quote is cached: its signature,
// nonce, selection and PCR digest are checked every time.

#include <cstddef>
#include <memory>
#include <string>

#include "veil/appraisal/tpm/attestation_key.h"
#include "veil/base/bytes.h"
#include "veil/base/lru_cache.h"
#include "veil/base/result.h"

namespace veil::appraisal::tpm {

// An AK with the claims VerifyQuote derives from it.
struct DescribedAttestationKey {
  AttestationKey ak;
  std::string fingerprint;  // the `ak` claim: hex SHA-256 of the DER SubjectPublicKeyInfo
  std::string type;         // the `ak_type` claim, e.g. "RSA-2048"
};

// LoadAttestationKey(bytes) and its claims, uncached. Errors are LoadAttestationKey's.
Result<std::shared_ptr<const DescribedAttestationKey>> DescribeAttestationKey(ByteSpan bytes);

class AttestationKeyCache {
 public:
  static constexpr std::size_t kDefaultCapacity = 4096;

  // `capacity` >= 1 AKs.
  explicit AttestationKeyCache(std::size_t capacity = kDefaultCapacity);

  // The AK of `bytes`: the cached one when the same bytes were loaded before, else
  // DescribeAttestationKey(bytes), kept when it succeeds (errors are never cached).
  Result<std::shared_ptr<const DescribedAttestationKey>> Load(ByteSpan bytes);

  std::size_t size() const { return entries_.size(); }

 private:
  LruCache<DescribedAttestationKey> entries_;
};

}  // namespace veil::appraisal::tpm
