#pragma once
// What the KBS handler tests share: a KbsContext over testing::FakeStore and a FixedClock (no
// SQLite, no HTTP server), and a guest that builds the requests a CoCo guest sends — /auth,
// /attest with CoCo sample evidence bound to its own TEE key, resource GETs — and decrypts what
// the trustee releases. Test-only.

#include <chrono>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "veil/base/clock.h"
#include "veil/crypto/digest.h"
#include "veil/crypto/private_key.h"
#include "veil/http/message/request.h"
#include "veil/http/message/response.h"
#include "veil/kbs/kbs_context.h"
#include "veil/kbs/rcar_service.h"
#include "veil/kbs/resource_service.h"
#include "veil/kbs/session_table.h"
#include "veil/testing/fake_store.h"

namespace veil::kbs {

inline constexpr std::chrono::seconds kSessionTtl{300};

// An attestation policy that lets the insecure sample TEE pass (the built-in default refuses it),
// so a release can be driven end to end with sample evidence.
inline constexpr std::string_view kAllowSamplePolicy =
    "id: allow-sample-for-tests\n"
    "rules:\n"
    "  - name: sample-allowed\n"
    "    tee: [sample]\n"
    "    check: {always: true}\n"
    "    pass: {hardware: 2}\n";

struct KbsHarness {
  KbsHarness();

  // Seals `secret` for `path` and stores it, as the admin API would.
  void PutSecret(const std::string& path, std::string_view secret);
  // Sets kAllowSamplePolicy as the attestation policy.
  void AllowSample();
  // Sets `text` as the resource policy.
  void SetResourcePolicy(const std::string& id, std::string_view text);

  FixedClock clock;
  testing::FakeStore store{clock};
  SessionTable sessions{clock, kSessionTtl};
  token::EarSigner signer;
  SecretSealer sealer;
  metrics::Registry metrics;
  PolicyCache policies;  // as the trustee runs: a policy set between requests must still apply
  KbsContext context{.clock = clock,
                     .store = store,
                     .sessions = sessions,
                     .signer = signer,
                     .sealer = sealer,
                     .metrics = metrics,
                     .policies = &policies};
  RcarService rcar{context};
  ResourceService resources{context};
};

class TestGuest {
 public:
  TestGuest();

  // POST /kbs/v0/auth; on 200 remembers the session cookie and the nonce.
  http::Response Auth(RcarService& rcar, const std::string& tee,
                      const std::string& version = "0.4.0",
                      const nlohmann::json& extra_params = "");
  // The report data this guest must bind for `nonce` (as docs/kbs-protocol.md §2 defines it),
  // hashed with `algorithm` (SHA-384 unless the challenge selected another).
  Bytes ReportData(const std::string& nonce,
                   crypto::DigestAlgorithm algorithm = crypto::DigestAlgorithm::kSha384,
                   const std::string& additional_evidence = "") const;
  // CoCo sample evidence binding `report_data`.
  static nlohmann::json SampleEvidence(ByteSpan report_data);
  // The /attest body with this guest's TEE key and `nonce`.
  nlohmann::json AttestBody(const std::string& nonce, const nlohmann::json& evidence,
                            const std::string& additional_evidence = "") const;
  // POST /kbs/v0/attest with the session cookie (when there is one).
  http::Response Attest(RcarService& rcar, const nlohmann::json& body) const;
  // Auth and attest with sample evidence correctly bound to the challenge.
  http::Response AttestSample(RcarService& rcar);
  // GET /kbs/v0/resource/<path> with the cookie, or with `bearer` instead when given.
  http::Request ResourceRequest(const std::string& path,
                                const std::optional<std::string>& bearer = std::nullopt) const;
  Result<std::string> Decrypt(const nlohmann::json& jwe) const;

  const std::string& cookie() const { return cookie_; }
  void set_cookie(std::string cookie) { cookie_ = std::move(cookie); }
  const std::string& nonce() const { return nonce_; }
  const nlohmann::json& tee_jwk() const { return tee_jwk_; }

 private:
  crypto::PrivateKey tee_key_;
  nlohmann::json tee_jwk_;
  std::string cookie_;
  std::string nonce_;
};

// A request as the HTTP server hands it to a handler.
http::Request MakeRequest(std::string method, std::string path, std::string body = "");
// The JSON body of a response (null when it is not JSON).
nlohmann::json Body(const http::Response& response);
// The "detail" of a KBS problem response, and its variant ("AttestationError").
std::string Detail(const http::Response& response);
std::string Variant(const http::Response& response);

}  // namespace veil::kbs
