#pragma once
// Enrols this machine's TPM with a trustee by credential activation (docs/agent.md, "Enrolling
// the node"), in order:
//   1. the EK: RSA-2048 when NV 0x01c00002 holds its certificate, else ECC P-256 when 0x01c0000a
//      does, else RSA-2048 without a certificate (the trustee must then know it from `veil node
//      add`);
//   2. the AK the agent quotes with (attestation_key.h), the same key on every run;
//   3. POST /veil/v0/nodes/enrol {name?, ek_public, ek_certificate?, ak_public};
//   4. TPM2_ActivateCredential on the trustee's challenge: only this TPM, holding both keys, can;
//   5. POST /veil/v0/nodes/activate {enrolment_id, secret}.
// The secret is never logged or kept. Not retried: a refusal names its reason and a transport
// failure is reported; running it again starts a new enrolment.

#include <chrono>
#include <filesystem>
#include <optional>
#include <string>

#include "veil/agent/attester/tpm/attestation_key.h"
#include "veil/base/result.h"

namespace veil::agent::tpm {

struct NodeEnrolmentOptions {
  std::string tcti;                       // tss2-tctildr configuration of the TPM
  AkAlgorithm ak = AkAlgorithm::kEcP256;  // as [tee] ak configures the attester's
  std::string trustee_url;                // http(s)://host:port
  std::optional<std::filesystem::path> ca_file{};
  std::optional<std::string> pinned_public_key{};
  std::chrono::milliseconds timeout{10'000};  // per HTTP exchange
  std::optional<std::string> name{};          // the node's name; none: the trustee's choice
};

struct EnrolledNode {
  std::string name;       // as the trustee enrolled it
  std::string ak_digest;  // hex SHA-256 of the AK's SubjectPublicKeyInfo (its tpm.ak claim)
  bool sent_certificate = false;
};

// kPolicyDenied with the trustee's reason when it refuses the EK, the AK or the answer;
// kVerificationFailed when the TPM refuses the challenge; kUnavailable when the TPM or the
// trustee cannot be reached; kMalformed for an answer that is not what the protocol says.
Result<EnrolledNode> EnrolNode(const NodeEnrolmentOptions& options);

}  // namespace veil::agent::tpm
