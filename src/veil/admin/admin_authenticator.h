#pragma once
// Admin request authentication: `Authorization: Bearer <JWT>` signed (EdDSA or ES256) by one of
// the configured admin public keys, with `iat` and `exp` present, `exp` not passed, `iat` not in
// the future and not older than the configured maximum age (overflow-checked: no `iat` is so old
// that its age wraps), and a `jti` (1..128 characters) never accepted before: admin tokens are
// single-use (replay_guard.h). A token without `jti` is refused. The result names the admin key.

#include <chrono>
#include <string>
#include <vector>

#include "veil/admin/replay_guard.h"
#include "veil/base/clock.h"
#include "veil/base/result.h"
#include "veil/crypto/public_key.h"
#include "veil/http/message/request.h"

namespace veil::admin {

class AdminAuthenticator {
 public:
  // At most `replay_capacity` used `jti` values are remembered at once; beyond that new tokens are
  // refused until the oldest age out (max_age).
  AdminAuthenticator(std::vector<crypto::PublicKey> keys, const Clock& clock,
                     std::chrono::seconds max_age, std::size_t replay_capacity = 10000);

  // The actor for the audit log (protocol::AdminActor of the key that signed).
  // kPolicyDenied (never kInvalidArgument) for every failure, with the reason.
  Result<std::string> Authenticate(const http::Request& request) const;

 private:
  std::vector<crypto::PublicKey> keys_;
  std::vector<std::string> actors_;
  const Clock& clock_;
  std::chrono::seconds max_age_;
  mutable ReplayGuard replay_;
};

}  // namespace veil::admin
