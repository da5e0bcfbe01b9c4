#include "veil/kbs/shared_session_store.h"

#include <utility>

#include <spdlog/spdlog.h>
#include <nlohmann/json.hpp>

namespace veil::kbs {
namespace {

store::SessionRecord ToRecord(const Session& session) {
  return {.key = SessionKey(session.id),
          .nonce = session.nonce,
          .tee = std::string(protocol::TeeKindName(session.tee)),
          .binding_hash = std::string(protocol::BindingHashName(session.binding_hash)),
          .client = session.client,
          .expires = session.expires,
          .nonce_used = session.nonce_used,
          .token = session.token};
}

Result<Session> FromRecord(const std::string& id, store::SessionRecord record) {
  Session session;
  session.id = id;
  session.nonce = std::move(record.nonce);
  VEIL_ASSIGN_OR_RETURN(session.tee, protocol::ParseTeeKind(record.tee));
  VEIL_ASSIGN_OR_RETURN(session.binding_hash,
                        protocol::SelectedBindingHash(
                            nlohmann::json{{"selected-hash-algorithm", record.binding_hash}}));
  session.client = std::move(record.client);
  session.expires = record.expires;
  session.nonce_used = record.nonce_used;
  session.token = std::move(record.token);
  return session;
}

}  // namespace

SharedSessionStore::SharedSessionStore(store::SessionRecords& records, const Clock& clock,
                                       std::chrono::seconds ttl, SessionLimits limits)
    : records_(records), clock_(clock), ttl_(ttl), limits_(limits) {}

Result<Session> SharedSessionStore::Create(protocol::TeeKind tee, std::string_view client,
                                           protocol::BindingHash binding_hash) {
  const TimePoint now = clock_.Now();
  Session session = NewSession(tee, client, binding_hash, now, ttl_);
  VEIL_ASSIGN_OR_RETURN(
      const store::SessionAdmission admission,
      records_.Insert(ToRecord(session), {limits_.capacity, limits_.max_unattested_per_client},
                      now));
  switch (admission.outcome) {
    case store::SessionAdmission::Outcome::kAdmitted:
      return session;
    case store::SessionAdmission::Outcome::kFull:
      return Fail(SessionsFull(limits_.capacity));
    case store::SessionAdmission::Outcome::kClientFull:
      return Fail(ClientHoldsTooMany(client, admission.held));
  }
  return Fail(Internal("session admission: unknown outcome"));
}

Result<Session> SharedSessionStore::Find(const std::string& id) const {
  VEIL_ASSIGN_OR_RETURN(auto record, records_.Find(SessionKey(id)));
  if (!record) return Fail(NotFound("no session " + id));
  if (record->expires <= clock_.Now()) return Fail(NotFound("session " + id + " has expired"));
  return FromRecord(id, std::move(*record));
}

Status SharedSessionStore::ConsumeNonce(const std::string& id) {
  const std::string key = SessionKey(id);
  const TimePoint now = clock_.Now();
  VEIL_ASSIGN_OR_RETURN(const bool consumed, records_.ConsumeNonce(key, now));
  if (consumed) return {};
  // Refused: say why (the row may change meanwhile, the refusal stands either way).
  VEIL_ASSIGN_OR_RETURN(auto record, records_.Find(key));
  if (record && record->expires > now && record->nonce_used)
    return Fail(VerificationFailed("the nonce of session " + id + " was already used"));
  return Fail(NotFound("session " + id + " is unknown or expired"));
}

Status SharedSessionStore::MarkAttested(const std::string& id, std::string token) {
  VEIL_ASSIGN_OR_RETURN(const bool stored, records_.SetToken(SessionKey(id), token));
  if (!stored) return Fail(NotFound("session " + id + " vanished"));
  return {};
}

std::size_t SharedSessionStore::size() const {
  auto count = records_.Count();
  if (!count) {
    spdlog::warn("cannot count KBS sessions: {}", count.error().message);
    return 0;
  }
  return *count;
}

std::chrono::seconds SharedSessionStore::RetryAfter() const {
  const TimePoint now = clock_.Now();
  auto earliest = records_.EarliestExpiry(now);
  if (!earliest) {
    spdlog::warn("cannot read the KBS sessions' expiries: {}", earliest.error().message);
    return ttl_;
  }
  return SecondsUntil(earliest->value_or(now + ttl_), now);
}

}  // namespace veil::kbs
