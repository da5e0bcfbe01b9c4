#pragma once
// The enrolments the trustee has challenged and not yet seen answered. Each is the node it would
// enrol (identity and AK digest), the secret sealed to its EK for its AK's Name, and an expiry.
// An enrolment is redeemed at most once: Redeem removes it whatever the outcome, so a wrong
// guess costs the node a new challenge and an attacker gets one try per challenge. The secret
// is compared in constant time. Bounded: when full, expired enrolments go first, then Add
// refuses. Thread-safe; the clock is injected.
//
// States of one enrolment id: issued (Add) -> redeemed (Redeem with the secret: the caller binds
// the AK) | refused (Redeem with another secret) | expired (Redeem after `expires`, or dropped
// by a later Add). Only "issued" exists in the table; every other state is its absence.

#include <chrono>
#include <cstddef>
#include <map>
#include <mutex>
#include <string>
#include <string_view>

#include "veil/base/bytes.h"
#include "veil/base/clock.h"
#include "veil/base/result.h"
#include "veil/crypto/secret_bytes.h"
#include "veil/store/node.h"

namespace veil::node {

struct PendingEnrolment {
  store::NodeIdentity identity;
  std::string ak_digest;
  std::string vouched_by;  // "ek-certificate" or "registration": how the EK was trusted
  crypto::SecretBytes secret;
  TimePoint expires;
};

class EnrolmentTable {
 public:
  static constexpr std::chrono::seconds kDefaultTtl{120};
  static constexpr std::size_t kDefaultCapacity = 1024;

  explicit EnrolmentTable(const Clock& clock, std::chrono::seconds ttl = kDefaultTtl,
                          std::size_t capacity = kDefaultCapacity)
      : clock_(clock), ttl_(ttl), capacity_(capacity) {}

  struct Issued {
    std::string id;  // 32 random bytes, base64url
    TimePoint expires;
  };
  // Keeps `pending` (its `expires` is set here) under a fresh id. kUnavailable when `capacity`
  // enrolments are pending and none has expired.
  Result<Issued> Add(PendingEnrolment pending);

  // Removes enrolment `id` and returns it when it has not expired and `secret` is its secret.
  // kNotFound for an id never issued, redeemed or dropped; kVerificationFailed for an expired
  // enrolment or another secret (the enrolment is gone either way).
  Result<PendingEnrolment> Redeem(std::string_view id, ByteSpan secret);

  std::size_t size() const;

 private:
  void DropExpired(TimePoint now);  // with mutex_ held

  const Clock& clock_;
  const std::chrono::seconds ttl_;
  const std::size_t capacity_;
  mutable std::mutex mutex_;
  std::map<std::string, PendingEnrolment, std::less<>> pending_;
};

}  // namespace veil::node
