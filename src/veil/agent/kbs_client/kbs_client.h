#pragma once
// The agent's side of the KBS protocol (docs/kbs-protocol.md), exactly as veil-trustee and CoCo's
// trustee serve it: /auth → challenge nonce; the attester's evidence bound to
// JCS+SHA-384(nonce, TEE public key); /attest → attestation token; resources fetched with the
// token as Bearer and decrypted with the in-memory TEE key. The token is cached until shortly
// before it expires. Requests share one HTTP/1.1 keep-alive connection while the trustee keeps it
// open. Unreachable trustees and 502/503/504 answers are retried with backoff;
// refusals (and a 500) are final and carry the trustee's own reason.

#include <chrono>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "veil/agent/attester/attester.h"
#include "veil/agent/kbs_client/attestation_token.h"
#include "veil/agent/kbs_client/issued_certificate.h"
#include "veil/agent/kbs_client/retry.h"
#include "veil/agent/kbs_client/tee_key.h"
#include "veil/base/clock.h"
#include "veil/base/result.h"
#include "veil/crypto/secret_bytes.h"
#include "veil/http/client/client.h"
#include "veil/protocol/binding_hash.h"
#include "veil/protocol/resource_path.h"

namespace veil::agent {

struct KbsClientOptions {
  std::string url;  // the trustee's base URL: http(s)://host:port
  TeeKeyAlgorithm tee_key = TeeKeyAlgorithm::kEcP256;
  // https: trust only this CA (PEM) instead of the system store, and/or require this server key
  // ("sha256//<base64 SHA-256 of the SubjectPublicKeyInfo>").
  std::optional<std::filesystem::path> ca_file{};
  std::optional<std::string> pinned_public_key{};
  // The trustee's token-signing key(s) (token_keys.h): when set, a token is believed only after
  // its signature verified with one of them.
  std::optional<std::filesystem::path> token_key{};
  std::chrono::milliseconds timeout{10'000};  // per HTTP exchange
  RetryPolicy retry{};
  Sleeper sleep = RealSleeper();
  std::function<bool()> cancelled{};  // abandons a running exchange when it returns true
};

class KbsClient {
 public:
  // Generates the TEE key and loads the pinned token keys. kInvalidArgument for a URL that is not
  // http(s):// or a token_key file that holds no usable key.
  static Result<KbsClient> Create(KbsClientOptions options, Attester& attester, const Clock& clock);

  // POST /kbs/v0/auth, retried like Attest, and nothing more: it proves the URL, the TLS trust
  // (CA, pinned key) and that the trustee takes this TEE kind, without evidence, so before
  // anything that cannot be undone (a measurement). The challenge is dropped; Attest asks anew.
  // kPolicyDenied when the trustee refuses /auth; kUnavailable after the last retry.
  Status CheckReachable();

  // The cached token while it is usable, otherwise a fresh handshake with new evidence.
  // kPolicyDenied with the trustee's reason when it refuses the evidence; kUnavailable after
  // the last retry when it cannot be reached.
  Result<AttestationToken> Attest();
  // Drops the cached token, so the next call attests again (after a measurement changed).
  void ForgetToken() { token_.reset(); }

  // GET /kbs/v0/resource/<path> with the token (attesting first when needed), decrypted.
  // kNotFound when the trustee holds no such resource, kPolicyDenied with the resource policy's
  // reason, kVerificationFailed when the answer does not decrypt with the TEE key.
  Result<crypto::SecretBytes> GetResource(const protocol::ResourcePath& path);

  // POST /veil/v0/workload/certificate {"csr": PEM} with the token (attesting first when needed):
  // the trustee's workload CA certifies the CSR's key for its names if its identity policy allows
  // them for this TEE. Retried like GetResource; kPolicyDenied with the trustee's reason (which
  // names the refusing rule) for any refusal, kMalformed for an answer of the wrong shape.
  Result<IssuedCertificate> RequestCertificate(std::string_view csr_pem);

  // Replaces the options' pause and cancel check, e.g. when the stop signals that interrupted
  // the launch are handed to the workload and a renewal thread's stop request takes over.
  void SetInterruption(Sleeper sleep, std::function<bool()> cancelled) {
    options_.sleep = std::move(sleep);
    options_.cancelled = std::move(cancelled);
  }

  const std::string& url() const { return options_.url; }
  bool verifies_tokens() const { return !token_keys_.empty(); }

 private:
  KbsClient(KbsClientOptions options, Attester& attester, const Clock& clock, TeeKey tee_key,
            std::vector<crypto::PublicKey> token_keys)
      : options_(std::move(options)),
        attester_(&attester),
        clock_(&clock),
        tee_key_(std::move(tee_key)),
        token_keys_(std::move(token_keys)) {}

  // What /auth answers: the session cookie, the nonce and the binding's hash.
  struct Challenge {
    std::string cookie;
    std::string nonce;
    protocol::BindingHash binding_hash = protocol::kDefaultBindingHash;
  };

  Result<AttestationToken> Handshake();
  Result<Challenge> RequestChallenge();
  Result<AttestationToken> SubmitEvidence(const Challenge& challenge);
  Result<crypto::SecretBytes> FetchResource(const protocol::ResourcePath& path,
                                            const AttestationToken& token);
  Result<IssuedCertificate> PostCertificateRequest(std::string_view csr_pem,
                                                   const AttestationToken& token);

  KbsClientOptions options_;
  Attester* attester_;
  const Clock* clock_;
  TeeKey tee_key_;
  std::vector<crypto::PublicKey> token_keys_;  // empty: the token's signature is not checked
  std::optional<AttestationToken> token_;
  http::KeepAliveClient http_;  // one connection to the trustee, kept open between requests
};

}  // namespace veil::agent
