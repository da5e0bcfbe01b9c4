#pragma once
// What every hostile-client case shares: a real veil-trustee process with small limits, an admin
// key, a random secret stored at kSecretPath and an attestation policy that accepts the sample
// TEE, so that "still serving" can mean a real attestation and release. After each case
// (TearDown) the trustee must still answer /healthz, attest a sample guest and release the secret
// to it (and only it can decrypt it), keep its resident memory under kMaxResidentBytes, and no
// answer a case received — nor the trustee's log — may contain the secret.

#include <gtest/gtest.h>

#include <cstddef>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "kbs_guest.h"
#include "raw_connection.h"
#include "veil/admin_client/admin_client.h"
#include "veil/base/clock.h"
#include "veil/crypto/private_key.h"
#include "veil/testing/scratch_dir.h"
#include "veil/testing/trustee_process.h"

namespace veil::hostile {

using http::test::BodyOf;
using http::test::HeaderOf;
using http::test::RawConnection;
using http::test::StatusOf;

// The trustee's resident set (VmRSS) must stay under this after every hostile case, measured
// with the fixture's limits below (docs/SECURITY.md states the same bound). Measured: about
// 14 MiB after most cases, 32 MiB after 500,000-deep JSON, 38 MiB holding 24 stalled 1 MiB bodies.
inline constexpr std::size_t kMaxResidentBytes = 64u << 20;

inline constexpr std::string_view kSecretPath = "hostile/key/secret";

// The limits of the fixture's trustee: small, so that each case reaches them within seconds.
struct HostileLimits {
  unsigned max_connections = 32;
  unsigned read_timeout_seconds = 2;
  unsigned idle_timeout_seconds = 5;
  std::size_t max_body_bytes = 1u << 20;
  std::size_t max_header_bytes = 8u << 10;
  std::size_t max_sessions = 1000;
  std::size_t max_unattested_sessions_per_client = 100;
  unsigned token_ttl_seconds = 300;
  std::size_t max_token_bytes = 65536;
  // Every case speaks from 127.0.0.1: the rate limits are high unless a case tests them.
  unsigned auth_rate_per_second = 10000;
  unsigned auth_rate_burst = 10000;
  unsigned admin_rate_per_second = 10000;
  unsigned admin_rate_burst = 10000;
};

// A request with the given method, path, extra header lines ("Name: value\r\n" each) and body
// (with its Content-Length).
std::string Request(std::string_view method, std::string_view path, std::string_view body = {},
                    std::string_view extra_headers = {});
std::string Post(std::string_view path, std::string_view body, std::string_view extra_headers = {});
std::string Get(std::string_view path, std::string_view extra_headers = {});

inline constexpr std::string_view kGetHealthz = "GET /healthz HTTP/1.1\r\nHost: t\r\n\r\n";
inline constexpr std::string_view kAuthBody = R"({"version":"0.4.0","tee":"sample"})";

// The JSON of a problem response's body (null when it is not JSON).
nlohmann::json ProblemOf(std::string_view response);

class HostileTrustee : public ::testing::Test {
 protected:
  void SetUp() override;
  void TearDown() override;

  // The limits SetUp starts the trustee with.
  virtual HostileLimits InitialLimits() const { return {}; }
  // Stops a running trustee and starts a fresh one with `limits` (the secret and policy are set
  // again).
  void StartTrustee(const HostileLimits& limits);

  // One request on a fresh connection; the raw response, kept for the secret check.
  std::string Exchange(std::string_view request);
  // The same from another loopback address (another client to the per-address limits).
  std::string ExchangeFrom(const char* source, std::string_view request);
  // Keeps a response read some other way for the secret check.
  std::string Keep(std::string raw);
  testing::KbsAnswer Keep(testing::KbsAnswer answer);

  std::string Metrics();
  // The value of one series, e.g. `veil_limit_refusals_total{limit="body_size"}` (0 when absent).
  double Counter(std::string_view series);
  std::string LimitSeries(std::string_view limit) const {
    return "veil_limit_refusals_total{limit=\"" + std::string(limit) + "\"}";
  }

  testing::KbsGuest NewGuest(crypto::KeyAlgorithm key = crypto::KeyAlgorithm::kEcP256) const {
    return testing::KbsGuest(trustee_->url(), key);
  }
  // /auth then /attest with sample evidence bound to the guest's key; the answer of /attest.
  testing::KbsAnswer AttestSample(testing::KbsGuest& guest);
  // AttestSample, then fetch kSecretPath with the session cookie; the decrypted secret or the
  // failure (as a string, for messages).
  std::string AttestAndFetch(testing::KbsGuest& guest);

  // The well-formed requests that must work after every case: /healthz, and an attested sample
  // guest that receives (and decrypts) the current secret; and the memory bound.
  void ExpectServing();
  void ExpectResidentUnderBound(std::string_view when);

  // An admin JWT signed by the configured admin key with these claims (fresh iat/exp/jti unless
  // given); `header` adds members to the JOSE header.
  std::string AdminToken(const nlohmann::json& claims = nlohmann::json::object(),
                         const nlohmann::json& header = nlohmann::json::object()) const;
  const admin_client::AdminClient& admin() const { return *admin_; }
  // Sets the stored secret (kept for the checks) through the admin API.
  void PutSecret(const std::string& value);

  testing::ScratchDir dir_{"hostile"};
  SystemClock clock_;
  std::optional<crypto::PrivateKey> admin_key_;
  std::unique_ptr<admin_client::AdminClient> admin_;
  std::unique_ptr<testing::TrusteeProcess> trustee_;
  // The secret's random stem: every value stored in a case starts with it (length a multiple of
  // 3, so its base64 is a prefix of every stored value's base64).
  std::string secret_stem_;
  std::string secret_;            // the value stored now
  std::size_t max_resident_ = 0;  // the largest VmRSS seen in this case
  std::mutex received_mutex_;     // cases may Keep() from several threads
  std::vector<std::string> received_;

 private:
  void ExpectNoSecretIn(std::string_view where, std::string_view text) const;
};

}  // namespace veil::hostile
