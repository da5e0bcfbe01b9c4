#pragma once
// SessionStore (session_store.h) in this process: the sessions of a single trustee (SQLite
// store). Semantics and limits are those session_store.h describes.

#include <chrono>
#include <cstddef>
#include <map>
#include <mutex>
#include <string>
#include <string_view>

#include "veil/base/clock.h"
#include "veil/base/result.h"
#include "veil/kbs/session_store.h"

namespace veil::kbs {

class SessionTable final : public SessionStore {
 public:
  SessionTable(const Clock& clock, std::chrono::seconds ttl, SessionLimits limits = {});

  Result<Session> Create(
      protocol::TeeKind tee, std::string_view client = {},
      protocol::BindingHash binding_hash = protocol::kDefaultBindingHash) override;
  Result<Session> Find(const std::string& id) const override;
  Status ConsumeNonce(const std::string& id) override;
  Status MarkAttested(const std::string& id, std::string token) override;
  std::size_t size() const override;
  std::chrono::seconds RetryAfter() const override;

 private:
  using Entries = std::map<std::string, Session>;  // keyed by SessionKey(id)
  void PurgeExpiredLocked(TimePoint now);
  Entries::iterator EraseLocked(Entries::iterator it);
  void ForgetUnattestedLocked(const std::string& client);

  const Clock& clock_;
  std::chrono::seconds ttl_;
  SessionLimits limits_;
  mutable std::mutex mutex_;
  Entries sessions_;
  std::map<std::string, std::size_t, std::less<>> unattested_by_client_;
  TimePoint next_purge_{};
};

}  // namespace veil::kbs
