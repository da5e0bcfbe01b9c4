#pragma once
// POST /kbs/v0/auth and POST /kbs/v0/attest (KBS-PROTOCOL.md §1–2): the challenge, then the
// appraisal pipeline — binding, evidence, reference values, attestation policy — and the EAR token.

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
  KbsContext& context_;
};

}  // namespace veil::kbs
