#include "veil/kbs/session_table.h"

#include <algorithm>

namespace veil::kbs {
namespace {

constexpr std::chrono::seconds kPurgeInterval{1};

std::string Key(std::string_view id) { return SessionKey(id); }

}  // namespace

SessionTable::SessionTable(const Clock& clock, std::chrono::seconds ttl, SessionLimits limits)
    : clock_(clock), ttl_(ttl), limits_(limits) {}

Result<Session> SessionTable::Create(protocol::TeeKind tee, std::string_view client,
                                     protocol::BindingHash binding_hash) {
  const TimePoint now = clock_.Now();
  std::lock_guard lock(mutex_);
  if (now >= next_purge_ || sessions_.size() >= limits_.capacity) PurgeExpiredLocked(now);
  if (sessions_.size() >= limits_.capacity) {
    return Fail(SessionsFull(limits_.capacity));
  }
  const auto held = unattested_by_client_.find(client);
  if (held != unattested_by_client_.end() && held->second >= limits_.max_unattested_per_client) {
    return Fail(ClientHoldsTooMany(client, held->second));
  }
  Session session = NewSession(tee, client, binding_hash, now, ttl_);
  ++unattested_by_client_[session.client];
  sessions_[Key(session.id)] = session;
  return session;
}

Result<Session> SessionTable::Find(const std::string& id) const {
  std::lock_guard lock(mutex_);
  const auto it = sessions_.find(Key(id));
  if (it == sessions_.end()) return Fail(NotFound("no session " + id));
  if (it->second.expires <= clock_.Now()) return Fail(NotFound("session " + id + " has expired"));
  return it->second;
}

Status SessionTable::ConsumeNonce(const std::string& id) {
  std::lock_guard lock(mutex_);
  const auto it = sessions_.find(Key(id));
  if (it == sessions_.end() || it->second.expires <= clock_.Now()) {
    return Fail(NotFound("session " + id + " is unknown or expired"));
  }
  if (it->second.nonce_used)
    return Fail(VerificationFailed("the nonce of session " + id + " was already used"));
  it->second.nonce_used = true;
  return {};
}

Status SessionTable::MarkAttested(const std::string& id, std::string token) {
  std::lock_guard lock(mutex_);
  const auto it = sessions_.find(Key(id));
  if (it == sessions_.end()) return Fail(NotFound("session " + id + " vanished"));
  if (!it->second.token) ForgetUnattestedLocked(it->second.client);
  it->second.token = std::move(token);
  return {};
}

std::size_t SessionTable::size() const {
  std::lock_guard lock(mutex_);
  return sessions_.size();
}

std::chrono::seconds SessionTable::RetryAfter() const {
  std::lock_guard lock(mutex_);
  const TimePoint now = clock_.Now();
  TimePoint earliest = now + ttl_;
  for (const auto& [key, session] : sessions_)
    if (session.expires > now) earliest = std::min(earliest, session.expires);
  return SecondsUntil(earliest, now);
}

void SessionTable::PurgeExpiredLocked(TimePoint now) {
  next_purge_ = now + kPurgeInterval;
  for (auto it = sessions_.begin(); it != sessions_.end();)
    it = it->second.expires <= now ? EraseLocked(it) : std::next(it);
}

void SessionTable::ForgetUnattestedLocked(const std::string& client) {
  const auto held = unattested_by_client_.find(client);
  if (held != unattested_by_client_.end() && --held->second == 0) unattested_by_client_.erase(held);
}

SessionTable::Entries::iterator SessionTable::EraseLocked(Entries::iterator it) {
  if (!it->second.token) ForgetUnattestedLocked(it->second.client);
  return sessions_.erase(it);
}

}  // namespace veil::kbs
