#include "veil/kbs/session_table.h"

#include <algorithm>

#include "veil/base/base64.h"
#include "veil/base/hex.h"
#include "veil/crypto/random.h"

namespace veil::kbs {

SessionTable::SessionTable(const Clock& clock, std::chrono::seconds ttl, std::size_t capacity)
    : clock_(clock), ttl_(ttl), capacity_(capacity) {}

Session SessionTable::Create(protocol::TeeKind tee) {
  Session session;
  session.id = HexEncode(crypto::RandomBytes(16));
  session.nonce = Base64Encode(crypto::RandomBytes(32));
  session.tee = tee;
  session.expires = clock_.Now() + ttl_;
  std::lock_guard lock(mutex_);
  if (sessions_.size() >= capacity_) PurgeLocked();
  sessions_[session.id] = session;
  return session;
}

Result<Session> SessionTable::Find(const std::string& id) const {
  std::lock_guard lock(mutex_);
  const auto it = sessions_.find(id);
  if (it == sessions_.end()) return Fail(NotFound("no session " + id));
  if (it->second.expires <= clock_.Now()) return Fail(NotFound("session " + id + " has expired"));
  return it->second;
}

Status SessionTable::ConsumeNonce(const std::string& id) {
  std::lock_guard lock(mutex_);
  const auto it = sessions_.find(id);
  if (it == sessions_.end() || it->second.expires <= clock_.Now()) {
    return Fail(NotFound("session " + id + " is unknown or expired"));
  }
  if (it->second.nonce_used)
    return Fail(VerificationFailed("the nonce of session " + id + " was already used"));
  it->second.nonce_used = true;
  return {};
}

Status SessionTable::MarkAttested(const std::string& id, std::string token,
                                  nlohmann::json tee_pubkey, nlohmann::json claims) {
  std::lock_guard lock(mutex_);
  const auto it = sessions_.find(id);
  if (it == sessions_.end()) return Fail(NotFound("session " + id + " vanished"));
  it->second.token = std::move(token);
  it->second.tee_pubkey = std::move(tee_pubkey);
  it->second.token_claims = std::move(claims);
  return {};
}

std::size_t SessionTable::size() const {
  std::lock_guard lock(mutex_);
  return sessions_.size();
}

void SessionTable::PurgeLocked() {
  const TimePoint now = clock_.Now();
  std::erase_if(sessions_, [now](const auto& entry) { return entry.second.expires <= now; });
  // Still full: drop the unattested sessions closest to expiry (attested ones hold tokens in use).
  while (sessions_.size() >= capacity_) {
    auto victim = sessions_.end();
    for (auto it = sessions_.begin(); it != sessions_.end(); ++it) {
      if (it->second.token) continue;
      if (victim == sessions_.end() || it->second.expires < victim->second.expires) victim = it;
    }
    if (victim == sessions_.end()) victim = sessions_.begin();
    sessions_.erase(victim);
  }
}

}  // namespace veil::kbs
