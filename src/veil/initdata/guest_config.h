#pragma once
// The init-data document Veil writes for a confidential pod: the configuration of CoCo's guest
// components (guest-components @ 8246e5e0) pointing them at the owner's trustee, and the Kata
// agent policy.
//   aa.toml     attestation-agent Config: [token_configs.kbs] url, cert (PEM of the trustee's
//               HTTPS certificate or CA; omitted without one)
//   cdh.toml    confidential-data-hub CdhConfig: [kbc] name = "cc_kbc", url, kbs_cert
//   policy.rego the Kata agent policy (package agent_policy)
// The document is rendered by hand (toml_text.h) in a fixed order, so the same inputs always give
// the same bytes and the same digest.

#include <optional>
#include <string>
#include <string_view>

#include "veil/base/result.h"
#include "veil/crypto/digest.h"

namespace veil::initdata {

struct GuestConfig {
  std::string trustee_url;                    // http:// or https://, no query or fragment
  std::optional<std::string> trustee_ca_pem;  // PEM text, as the trustee presents it
  std::string policy_rego;                    // the whole agent policy
  crypto::DigestAlgorithm algorithm = crypto::DigestAlgorithm::kSha256;  // sha256/384/512
};

// The init-data TOML (version 0.1.0). kInvalidArgument for a URL that is not http(s), a PEM
// without a certificate block or with a private key in it, an empty policy or SHA-1; the result
// always passes ParseInitData with `data` holding exactly the three entries above.
Result<std::string> RenderInitData(const GuestConfig& config);

}  // namespace veil::initdata
