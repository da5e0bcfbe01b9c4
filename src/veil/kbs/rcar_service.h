#pragma once
// POST /kbs/v0/auth and POST /kbs/v0/attest (docs/kbs-protocol.md §1–2): the challenge, then the
// appraisal pipeline — binding, evidence, reference values, attestation policy — and the EAR token.
// /auth is refused with 503 (SessionsFull) when the session table is full and 429 (SessionQuota)
// when the client holds too many unattested sessions, both with Retry-After and counted in
// veil_kbs_auth_refused_total and veil_limit_refusals_total; /attest refuses a token larger than
// max_token_bytes (counted as limit="token_size").

#include "veil/http/message/request.h"
#include "veil/http/message/response.h"
#include "veil/kbs/kbs_context.h"

namespace veil::kbs {

class RcarService {
 public:
  explicit RcarService(KbsContext& context) : context_(context) {}

  http::Response Auth(const http::Request& request);
  http::Response Attest(const http::Request& request);

 private:
  http::Response Refused(const Error& error);

  KbsContext& context_;
};

}  // namespace veil::kbs
