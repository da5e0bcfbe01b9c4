#pragma once
// One HTTP exchange with the trustee, and how its answer reads: transport failures and 502/503/504
// answers become kUnavailable (worth retrying); a KBS problem answer ({"type":
// ".../errors/<Variant>", "detail"}) is read into its variant and detail, both made log-safe
// (base/log_safe.h): what the trustee says ends up in log lines and must not forge any.

#include <string>

#include "veil/agent/kbs_client/kbs_client.h"
#include "veil/http/client/client.h"

namespace veil::agent {

struct KbsProblem {
  std::string variant;  // "AttestationError", "PolicyDeny", "ResourceNotFound", ... ("" when not a
                        // problem answer)
  std::string detail;   // the trustee's reason (or the raw body when not a problem answer)
};

// Sends `request` to the trustee through `connection` (kept open between a guest's requests) with
// the options' TLS trust and timeout. kUnavailable for transport errors and 502/503/504 answers;
// kVerificationFailed when the TLS pin or CA did not match.
Result<http::ClientResponse> Exchange(const KbsClientOptions& options,
                                      http::KeepAliveClient& connection,
                                      http::ClientRequest request);

KbsProblem ReadProblem(const http::ClientResponse& response);

}  // namespace veil::agent
