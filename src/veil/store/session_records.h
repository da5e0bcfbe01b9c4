#pragma once
// SessionRecords: KBS session rows in a database that several trustee replicas share, for
// kbs::SharedSessionStore (kbs/shared_session_store.h), which owns their meaning (ids, nonces,
// messages). Rows are keyed by `key` (kbs::SessionKey: SHA-256 of the session id, never the id).
// Every operation is atomic across replicas: a nonce is consumed once, whichever replica asks,
// and the limits hold over all of them. Times are compared with the caller's `now`.

#include <cstddef>
#include <optional>
#include <string>

#include "veil/base/clock.h"
#include "veil/base/result.h"

namespace veil::store {

struct SessionRecord {
  std::string key;           // 64 lower-case hex characters
  std::string nonce;         // as the KBS issued it
  std::string tee;           // protocol::TeeKindName
  std::string binding_hash;  // protocol::BindingHashName
  std::string client;
  TimePoint expires;
  bool nonce_used = false;
  std::optional<std::string> token;
};

struct SessionQuota {
  std::size_t capacity = 0;                   // rows, once expired ones are dropped
  std::size_t max_unattested_per_client = 0;  // live rows of the client without a token
};

// What Insert did: the row was added, or refused because the table was full or the client held
// `held` unattested sessions already.
struct SessionAdmission {
  enum class Outcome { kAdmitted, kFull, kClientFull };
  Outcome outcome = Outcome::kAdmitted;
  std::size_t held = 0;
};

class SessionRecords {
 public:
  virtual ~SessionRecords() = default;

  // Drops the rows expired at `now`, then adds `record` unless `quota` forbids it; counting and
  // inserting are serialized across every replica.
  virtual Result<SessionAdmission> Insert(const SessionRecord& record, SessionQuota quota,
                                          TimePoint now) = 0;
  // The row with this key, expired or not (nullopt when absent).
  virtual Result<std::optional<SessionRecord>> Find(const std::string& key) = 0;
  // Sets nonce_used on the row if it is live and its nonce unused; false when it was not (absent,
  // expired or already used), in one statement.
  virtual Result<bool> ConsumeNonce(const std::string& key, TimePoint now) = 0;
  // Stores the token; false when there is no such row.
  virtual Result<bool> SetToken(const std::string& key, const std::string& token) = 0;
  virtual Result<std::size_t> Count() = 0;
  // The earliest expiry after `now` (nullopt when no session is live).
  virtual Result<std::optional<TimePoint>> EarliestExpiry(TimePoint now) = 0;
};

}  // namespace veil::store
