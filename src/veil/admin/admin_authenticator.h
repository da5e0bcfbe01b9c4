#pragma once
// Admin request authentication: `Authorization: Bearer <JWT>` signed (EdDSA or ES256) by one of
// the configured admin public keys, with `iat` and `exp` present, `exp` not passed, `iat` not in
// the future and not older than the configured maximum age (overflow-checked: no `iat` is so old
// that its age wraps), and a `jti` (1..128 characters) never accepted before: admin tokens are
// single-use (replay_guard.h). A token without `jti` is refused unless AdminTokenRules allows
// reusable tokens (CoCo's admin tokens carry none). A configured issuer must equal `iss`; a
// configured audience must be `aud` or one of its strings. The result names the admin key.

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "veil/admin/replay_guard.h"
#include "veil/base/clock.h"
#include "veil/base/result.h"
#include "veil/crypto/public_key.h"
#include "veil/http/message/request.h"

namespace veil::admin {

// What an admin token must satisfy besides its signature ([admin] in docs/trustee-config.md).
struct AdminTokenRules {
  std::chrono::seconds max_age{300};  // now - iat at most this (overflow-checked)
  // A token without "jti" is accepted, and again on every request until it expires or ages out.
  // A token that carries a "jti" stays single-use either way.
  bool reusable_tokens = false;
  std::optional<std::string> issuer{};    // "iss" must equal it
  std::optional<std::string> audience{};  // "aud" must be it or an array containing it
};

class AdminAuthenticator {
 public:
  // At most `replay_capacity` used `jti` values are remembered at once; beyond that new tokens are
  // refused until the oldest age out (max_age).
  AdminAuthenticator(std::vector<crypto::PublicKey> keys, const Clock& clock, AdminTokenRules rules,
                     std::size_t replay_capacity = 10000);

  // The actor for the audit log (protocol::AdminActor of the key that signed).
  // kPolicyDenied (never kInvalidArgument) for every failure, with the reason.
  Result<std::string> Authenticate(const http::Request& request) const;

 private:
  // Everything after the signature: times, age, issuer, audience, jti (recorded when present).
  Status CheckClaims(const nlohmann::json& claims) const;

  std::vector<crypto::PublicKey> keys_;
  std::vector<std::string> actors_;
  const Clock& clock_;
  AdminTokenRules rules_;
  mutable ReplayGuard replay_;
};

}  // namespace veil::admin
