#pragma once
// KBS sessions: created by /auth (a fresh 32-hex id and a single-use 32-byte nonce), attested
// by /attest, expired after a TTL. Bounded in size so a flood of /auth requests cannot exhaust
// memory: when full, expired sessions are purged and then the oldest unattested ones dropped.

#include <chrono>
#include <cstddef>
#include <map>
#include <mutex>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "veil/base/clock.h"
#include "veil/base/result.h"
#include "veil/protocol/tee_kind.h"

namespace veil::kbs {

struct Session {
  std::string id;         // 32 lower-case hex characters (the kbs-session-id cookie)
  std::string nonce;      // standard padded base64 of 32 random bytes
  protocol::TeeKind tee;  // as requested in /auth
  TimePoint expires;
  bool nonce_used = false;
  std::optional<std::string> token;  // set once attested; a repeated /attest returns it
  nlohmann::json tee_pubkey;         // the TEE's JWK, once attested
  nlohmann::json token_claims;       // the EAR claims, once attested
};

class SessionTable {
 public:
  SessionTable(const Clock& clock, std::chrono::seconds ttl, std::size_t capacity = 10000);

  Session Create(protocol::TeeKind tee);
  // The live session with this id (kNotFound when absent or expired).
  Result<Session> Find(const std::string& id) const;
  // Marks the nonce as consumed; fails if it was already used (replay) or the session is gone.
  Status ConsumeNonce(const std::string& id);
  Status MarkAttested(const std::string& id, std::string token, nlohmann::json tee_pubkey,
                      nlohmann::json claims);
  std::size_t size() const;

 private:
  void PurgeLocked();

  const Clock& clock_;
  std::chrono::seconds ttl_;
  std::size_t capacity_;
  mutable std::mutex mutex_;
  std::map<std::string, Session> sessions_;
};

}  // namespace veil::kbs
