#include "veil/node/enrolment_table.h"

#include "veil/base/base64.h"
#include "veil/base/rfc3339.h"
#include "veil/crypto/random.h"

namespace veil::node {

void EnrolmentTable::DropExpired(TimePoint now) {
  std::erase_if(pending_, [now](const auto& entry) { return now >= entry.second.expires; });
}

Result<EnrolmentTable::Issued> EnrolmentTable::Add(PendingEnrolment pending) {
  const TimePoint now = clock_.Now();
  std::lock_guard lock(mutex_);
  if (pending_.size() >= capacity_) DropExpired(now);
  if (pending_.size() >= capacity_) {
    return Fail(Unavailable("expected fewer than " + std::to_string(capacity_) +
                            " enrolments pending, got " + std::to_string(pending_.size()) +
                            "; retry in " + std::to_string(ttl_.count()) + " s"));
  }
  Issued issued{Base64UrlEncode(crypto::RandomBytes(32)), now + ttl_};
  pending.expires = issued.expires;
  pending_.emplace(issued.id, std::move(pending));
  return issued;
}

Result<PendingEnrolment> EnrolmentTable::Redeem(std::string_view id, ByteSpan secret) {
  const TimePoint now = clock_.Now();
  std::lock_guard lock(mutex_);
  const auto it = pending_.find(id);
  if (it == pending_.end()) {
    return Fail(NotFound("enrolment " + std::string(id).substr(0, 64) +
                         " is not pending (never issued, already answered or expired)"));
  }
  PendingEnrolment pending = std::move(it->second);
  pending_.erase(it);  // single use, whatever follows
  if (now >= pending.expires) {
    return Fail(VerificationFailed("enrolment of node " + pending.identity.name + " expired at " +
                                   FormatRfc3339(pending.expires)));
  }
  if (!crypto::ConstantTimeEquals(secret, pending.secret.span())) {
    return Fail(VerificationFailed(
        "enrolment of node " + pending.identity.name +
        ": the secret does not match the credential (the TPM holding the EK did not activate it "
        "for this AK); nothing was bound"));
  }
  return pending;
}

std::size_t EnrolmentTable::size() const {
  std::lock_guard lock(mutex_);
  return pending_.size();
}

}  // namespace veil::node
