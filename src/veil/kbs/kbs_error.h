#pragma once
// The KBS error vocabulary (CoCo trustee's `Error` variants as kbs/src/error.rs names them today:
// AttestationError for /auth and /attest, AdminAuthAccess for the admin API) and its one mapping
// to HTTP:
// 404 for InvalidRequestPath and PluginNotFound, 403 for IdentityDeny (Veil's workload CA), 503 for
// SessionsFull, 429 for SessionQuota and RateLimited, 400 for BadRequest, 500 for InternalError,
// 401 for everything else — CoCo guests re-run the handshake on 401 and give up on 404
// (docs/kbs-protocol.md §5).

#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "veil/base/error.h"

namespace veil::kbs {

enum class KbsErrorKind {
  kRcarAuthFailed,      // /auth request refused (version, tee, malformed)
  kRcarAttestFailed,    // /attest refused (session, nonce, binding, evidence, policy)
  kTokenNotFound,       // no usable session cookie or bearer token
  kPolicyDeny,          // the resource policy refused the release
  kIdentityDeny,        // the identity policy refused a workload certificate (403)
  kResourceNotFound,    // no such secret (still 401, as CoCo guests expect)
  kInvalidRequestPath,  // unknown path
  kPluginNotFound,      // unknown plugin / resource type path
  kAdminAuth,           // admin request not authenticated
  kBadRequest,          // malformed body of an admin request
  kSessionsFull,        // /auth refused: every session is in use (503, Retry-After)
  kSessionQuota,        // /auth refused: this client holds too many unattested sessions (429)
  kRateLimited,         // /auth or admin request refused: this client sends too fast (429)
  kInternal,            // our fault
};

struct KbsError {
  KbsErrorKind kind;
  std::string detail;  // human-readable, names the failed check; never contains secrets
};

std::string_view KbsErrorVariant(KbsErrorKind kind);  // "AttestationError"
unsigned HttpStatus(KbsErrorKind kind);
// {"type": "https://github.com/confidential-containers/kbs/errors/<Variant>", "detail": ...}
nlohmann::json ProblemJson(const KbsError& error);
// Wraps a Veil error as `kind` with its full message as detail.
KbsError FromError(KbsErrorKind kind, const Error& error);

}  // namespace veil::kbs
