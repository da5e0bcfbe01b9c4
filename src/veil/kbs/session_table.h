#pragma once
// KBS sessions: created by /auth (a fresh 32-hex id and a single-use 32-byte nonce), attested
// by /attest, expired after a TTL. Bounded so that a flood of /auth requests can exhaust neither
// memory nor honest guests' handshakes:
//   - at most `capacity` live sessions; when full, a new session is refused (kUnavailable) and
//     no live session is evicted, so a guest mid-handshake always keeps its session;
//   - at most `max_unattested_per_client` unattested sessions per client address (kPolicyDenied);
//   - expired sessions are dropped at most a second after they expire, by the next Create.
// A session keeps only its id, nonce, TEE kind, client and, once attested, its token (whose size
// the caller bounds).

#include <chrono>
#include <cstddef>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

#include "veil/base/clock.h"
#include "veil/base/result.h"
#include "veil/protocol/binding_hash.h"
#include "veil/protocol/tee_kind.h"

namespace veil::kbs {

struct Session {
  std::string id;         // 32 lower-case hex characters (the kbs-session-id cookie)
  std::string nonce;      // standard padded base64 of 32 random bytes
  protocol::TeeKind tee;  // as requested in /auth
  protocol::BindingHash binding_hash = protocol::kDefaultBindingHash;  // negotiated in /auth
  std::string client;  // the peer address (no port) that created it
  TimePoint expires;
  bool nonce_used = false;
  std::optional<std::string> token;  // set once attested; a repeated /attest returns it
};

struct SessionLimits {
  std::size_t capacity = 10000;
  std::size_t max_unattested_per_client = 64;
};

class SessionTable {
 public:
  SessionTable(const Clock& clock, std::chrono::seconds ttl, SessionLimits limits = {});

  // kUnavailable when `capacity` live sessions exist, kPolicyDenied when `client` already holds
  // `max_unattested_per_client` unattested ones; both messages say when to retry.
  Result<Session> Create(protocol::TeeKind tee, std::string_view client = {},
                         protocol::BindingHash binding_hash = protocol::kDefaultBindingHash);
  // The live session with this id (kNotFound when absent or expired).
  Result<Session> Find(const std::string& id) const;
  // Marks the nonce as consumed; fails if it was already used (replay) or the session is gone.
  Status ConsumeNonce(const std::string& id);
  Status MarkAttested(const std::string& id, std::string token);
  std::size_t size() const;
  // How long until the earliest live session expires (at least 1 s): a refused client's wait.
  std::chrono::seconds RetryAfter() const;

 private:
  using Entries = std::map<std::string, Session>;  // keyed by SHA-256(id), see the .cc
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
