#pragma once
// GET /kbs/v0/resource/<repository>/<type>/<tag> (docs/kbs-protocol.md §3): the caller presents its
// attestation (session cookie or Bearer EAR token), the resource policy decides over the token's
// claims, and the secret leaves the trustee only as a JWE to the TEE's key — after its release
// has been appended to the audit log.

#include "veil/http/message/request.h"
#include "veil/http/message/response.h"
#include "veil/kbs/kbs_context.h"

namespace veil::kbs {

inline constexpr std::string_view kResourcePrefix = "/kbs/v0/resource/";

class ResourceService {
 public:
  explicit ResourceService(KbsContext& context) : context_(context) {}

  http::Response Get(const http::Request& request);

 private:
  KbsContext& context_;
};

}  // namespace veil::kbs
