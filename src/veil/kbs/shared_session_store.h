#pragma once
// SessionStore (session_store.h) over rows that several trustee replicas share
// (store::SessionRecords, on PostgreSQL): /auth on one replica, /attest on a second and the
// resource on a third all see the same session, a nonce is consumed once whichever replica is
// asked, and the limits count every replica's sessions. Same semantics and messages as
// SessionTable; a database failure is returned as the store's error.

#include <chrono>
#include <cstddef>
#include <string>
#include <string_view>

#include "veil/base/clock.h"
#include "veil/base/result.h"
#include "veil/kbs/session_store.h"
#include "veil/store/session_records.h"

namespace veil::kbs {

class SharedSessionStore final : public SessionStore {
 public:
  // `records` and `clock` must outlive this.
  SharedSessionStore(store::SessionRecords& records, const Clock& clock, std::chrono::seconds ttl,
                     SessionLimits limits = {});

  Result<Session> Create(
      protocol::TeeKind tee, std::string_view client = {},
      protocol::BindingHash binding_hash = protocol::kDefaultBindingHash) override;
  Result<Session> Find(const std::string& id) const override;
  Status ConsumeNonce(const std::string& id) override;
  Status MarkAttested(const std::string& id, std::string token) override;
  // 0 when the database cannot be read (logged).
  std::size_t size() const override;
  // The TTL when the database cannot be read (logged).
  std::chrono::seconds RetryAfter() const override;

 private:
  store::SessionRecords& records_;
  const Clock& clock_;
  std::chrono::seconds ttl_;
  SessionLimits limits_;
};

}  // namespace veil::kbs
