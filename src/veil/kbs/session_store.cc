#include "veil/kbs/session_store.h"

#include <algorithm>

#include "veil/base/base64.h"
#include "veil/base/hex.h"
#include "veil/crypto/digest.h"
#include "veil/crypto/random.h"

namespace veil::kbs {

std::string SessionKey(std::string_view id) { return HexEncode(crypto::Sha256(AsBytes(id))); }

Session NewSession(protocol::TeeKind tee, std::string_view client,
                   protocol::BindingHash binding_hash, TimePoint now, std::chrono::seconds ttl) {
  Session session;
  session.id = HexEncode(crypto::RandomBytes(16));
  session.nonce = Base64Encode(crypto::RandomBytes(32));
  session.tee = tee;
  session.binding_hash = binding_hash;
  session.client = std::string(client);
  session.expires = now + ttl;
  return session;
}

Error SessionsFull(std::size_t capacity) {
  return Unavailable("all " + std::to_string(capacity) +
                     " sessions are in use; no session is evicted for a new one");
}

Error ClientHoldsTooMany(std::string_view client, std::size_t held) {
  return Error{ErrorCode::kPolicyDenied,
               "client " + std::string(client) + " already holds " + std::to_string(held) +
                   " unattested sessions, the most allowed",
               "session table"};
}

std::chrono::seconds SecondsUntil(TimePoint earliest, TimePoint now) {
  return std::max(std::chrono::seconds(1), std::chrono::ceil<std::chrono::seconds>(earliest - now));
}

}  // namespace veil::kbs
