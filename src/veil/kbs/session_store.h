#pragma once
// KBS sessions: created by /auth (a fresh 32-hex id and a single-use 32-byte nonce), attested
// by /attest, expired after a TTL. SessionStore is what the handlers use; two implementations
// keep the same semantics and limits:
//   - SessionTable (session_table.h): in this process, for a single trustee (SQLite);
//   - SharedSessionStore (shared_session_store.h): rows in the trustee's database, so any
//     replica can serve any step of a handshake (PostgreSQL).
// Bounded so that a flood of /auth requests can exhaust neither memory nor honest guests'
// handshakes:
//   - at most `capacity` live sessions; when full, a new session is refused (kUnavailable) and
//     no live session is evicted, so a guest mid-handshake always keeps its session;
//   - at most `max_unattested_per_client` unattested sessions per client address (kPolicyDenied);
//   - expired sessions are dropped at most a second after they expire, by the next Create.
// A session keeps only its id, nonce, TEE kind, client and, once attested, its token (whose size
// the caller bounds). Sessions are keyed by SessionKey(id), never by the id itself.

#include <chrono>
#include <cstddef>
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

class SessionStore {
 public:
  virtual ~SessionStore() = default;

  // kUnavailable when `capacity` live sessions exist, kPolicyDenied when `client` already holds
  // `max_unattested_per_client` unattested ones; both messages say when to retry.
  virtual Result<Session> Create(
      protocol::TeeKind tee, std::string_view client = {},
      protocol::BindingHash binding_hash = protocol::kDefaultBindingHash) = 0;
  // The live session with this id (kNotFound when absent or expired).
  virtual Result<Session> Find(const std::string& id) const = 0;
  // Marks the nonce as consumed, atomically: fails if it was already used (replay, on any
  // replica) or the session is gone.
  virtual Status ConsumeNonce(const std::string& id) = 0;
  virtual Status MarkAttested(const std::string& id, std::string token) = 0;
  // Sessions held (live, and expired ones not yet dropped).
  virtual std::size_t size() const = 0;
  // How long until the earliest live session expires (at least 1 s): a refused client's wait.
  virtual std::chrono::seconds RetryAfter() const = 0;
};

// Lower-case hex SHA-256 of a session id: the key sessions are stored under, so key comparisons
// time only the hash of what a client sent, which tells it nothing about any live cookie.
std::string SessionKey(std::string_view id);
// A session with a fresh id and nonce, expiring `ttl` after `now`.
Session NewSession(protocol::TeeKind tee, std::string_view client,
                   protocol::BindingHash binding_hash, TimePoint now, std::chrono::seconds ttl);
// The refusals of Create, worded alike by every implementation.
Error SessionsFull(std::size_t capacity);
Error ClientHoldsTooMany(std::string_view client, std::size_t held);
// max(1 s, earliest - now) rounded up.
std::chrono::seconds SecondsUntil(TimePoint earliest, TimePoint now);

}  // namespace veil::kbs
