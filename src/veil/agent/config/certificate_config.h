#pragma once
// [workload.certificate]: the X.509 certificate the agent obtains for the workload from the
// trustee's workload CA after attestation (docs/agent-config.md, docs/networking.md). The agent
// generates the key in memory, sends a CSR for `names`, and writes the key, the certificate and
// the CA bundle into the secrets tmpfs; it renews the certificate while the workload runs.

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include <toml++/toml.h>

#include "veil/base/result.h"
#include "veil/crypto/private_key.h"
#include "veil/crypto/subject_alt_name.h"

namespace veil::agent {

// When to renew: once `left` (a duration) or numerator/denominator of the certificate's lifetime
// is all that remains of it.
struct RenewBefore {
  std::optional<std::chrono::seconds>
      left;  // set: a duration ("8h", base/duration.h); unset: the fraction
  std::uint32_t numerator = 1;
  std::uint32_t denominator = 3;
};

struct WorkloadCertificateConfig {
  // The subject alternative names asked for: a name written with "://" is a URI SAN (e.g. a
  // SPIFFE ID), any other a DNS SAN. 1 to 16 distinct names, each valid for
  // crypto::ValidateSubjectAltName (exact lower-case DNS names, no wildcards).
  std::vector<crypto::SubjectAltName> names;
  // Plain file names directly in workload.secrets_dir (the tmpfs).
  std::string key_file = "tls.key";
  std::string cert_file = "tls.crt";
  std::string ca_file = "ca.crt";
  RenewBefore renew_before;
  crypto::KeyAlgorithm key = crypto::KeyAlgorithm::kEcP256;  // kEcP256 or kRsa2048
};

// At most this many names per certificate (the trustee refuses more).
inline constexpr std::size_t kMaxCertificateNames = 16;

// Reads the [workload.certificate] table. `secrets_dir` is the workload's secrets directory:
// relative file names lie in it, an absolute path must name a file directly in it. Refuses
// unknown keys, no names, more than 16 names, a repeated name, a name ValidateSubjectAltName
// refuses, a file outside the secrets directory, two files with one name, a renew_before that
// is neither a fraction below 1 ("1/3") nor a duration ("8h"), and a key other than ec-p256 or
// rsa-2048.
Result<WorkloadCertificateConfig> ReadCertificate(const toml::node& node,
                                                  const std::filesystem::path& secrets_dir);

}  // namespace veil::agent
