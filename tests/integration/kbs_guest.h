#pragma once
// A CoCo-style guest for the trustee integration tests: it speaks the KBS protocol over HTTP as
// guest-components do (auth, attest with report-data binding, resource fetch, JWE decryption),
// with its own ephemeral TEE key. Test-only.

#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "veil/base/bytes.h"
#include "veil/base/result.h"
#include "veil/crypto/private_key.h"
#include "veil/http/client/client.h"

namespace veil::testing {

struct KbsAnswer {
  unsigned status = 0;
  nlohmann::json body;  // null when the body is not JSON
  std::string raw;
};

class KbsGuest {
 public:
  // The TEE key: EC P-256 by default (ECDH-ES+A256KW), or P-521, or RSA (RSA-OAEP-256).
  explicit KbsGuest(std::string base_url,
                    crypto::KeyAlgorithm tee_key = crypto::KeyAlgorithm::kEcP256);

  // POST /kbs/v0/auth; remembers the session cookie and returns the challenge nonce.
  Result<std::string> Auth(const std::string& tee);
  // The report data a TEE must bind: SHA-384(JCS({"additional-evidence": "", nonce, tee-pubkey})),
  // 64 bytes.
  Result<Bytes> ReportData(const std::string& nonce) const;
  // The attestation body for `primary_evidence` (with an optional init-data TOML).
  nlohmann::json AttestBody(const std::string& nonce, const nlohmann::json& primary_evidence,
                            const std::optional<std::string>& init_data = std::nullopt) const;
  KbsAnswer Attest(const nlohmann::json& body);
  KbsAnswer PostRaw(const std::string& path, const std::string& body);
  // GET /kbs/v0/resource/<path> with the session cookie, or with `bearer` when given.
  KbsAnswer GetResource(const std::string& path,
                        const std::optional<std::string>& bearer = std::nullopt);
  // Decrypts a resource answer with the TEE key.
  Result<std::string> Decrypt(const nlohmann::json& jwe) const;

  nlohmann::json tee_jwk() const { return tee_jwk_; }
  void set_cookie(std::string cookie) { cookie_ = std::move(cookie); }
  // Talks to another trustee from now on, with the same TEE key and no session.
  void set_base_url(std::string base_url) {
    base_url_ = std::move(base_url);
    cookie_.clear();
  }
  const std::string& base_url() const { return base_url_; }
  const std::string& cookie() const { return cookie_; }

 private:
  KbsAnswer Send(const std::string& method, const std::string& path, const std::string& body,
                 const std::optional<std::string>& bearer);

  std::string base_url_;
  crypto::PrivateKey tee_key_;
  nlohmann::json tee_jwk_;
  std::string cookie_;
};

}  // namespace veil::testing
