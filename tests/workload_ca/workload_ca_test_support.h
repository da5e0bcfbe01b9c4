#pragma once
// What the workload CA tests share: a FakeStore, a sealer, a clock at kT0, a keyring and an
// issuer over them, an identity policy, and attestations and CSRs to issue for.

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "veil/base/rfc3339.h"
#include "veil/crypto/certificate_request_builder.h"
#include "veil/crypto/private_key.h"
#include "veil/crypto/random.h"
#include "veil/kbs/secret_sealer.h"
#include "veil/testing/fake_store.h"
#include "veil/workload_ca/ca_keyring.h"
#include "veil/workload_ca/certificate_issuer.h"

namespace veil::workload_ca::test {

inline const TimePoint kT0 = ParseRfc3339("2026-03-01T12:00:00Z").value();

inline constexpr std::string_view kIdentityPolicy = R"yaml(
id: web-identities
rules:
  - name: frontend
    names: ["uri:spiffe://veil.example/web/*", "dns:web.local"]
    allow_if:
      - {claim: status, equals: affirming}
default: deny
)yaml";

inline kbs::SecretSealer MakeSealer(std::uint8_t fill = 7) {
  return kbs::SecretSealer::Create(crypto::SecretBytes(Bytes(32, fill))).value();
}

inline crypto::SubjectAltName Uri(std::string value) {
  return {crypto::SubjectAltName::Kind::kUri, std::move(value)};
}
inline crypto::SubjectAltName Dns(std::string value) {
  return {crypto::SubjectAltName::Kind::kDns, std::move(value)};
}

inline std::string Csr(const crypto::PrivateKey& key, std::vector<crypto::SubjectAltName> names) {
  return crypto::BuildCertificateRequest(key, names).value().Pem();
}

// An attestation of status `status` whose token expires at `exp`.
inline Attestation MakeAttestation(TimePoint exp, std::string status = "affirming",
                                   char digest = 'a') {
  const std::int64_t exp_seconds =
      std::chrono::duration_cast<std::chrono::seconds>(exp.time_since_epoch()).count();
  return {.claims = {{"exp", exp_seconds}, {"status", status}},
          .token_digest = "sha256:" + std::string(64, digest),
          .tee_identity = "tpm:ak1",
          .policy_input = {{"status", status}, {"tee", "tpm"}, {"claims", {{"ak", "ak1"}}}},
          .expires_at = exp};
}

class WorkloadCaTest : public ::testing::Test {
 protected:
  WorkloadCaOptions Options() {
    WorkloadCaOptions options;
    options.certificate_ttl = std::chrono::hours(24);
    options.ca_ttl = std::chrono::hours(24 * 365);
    options.rotation_overlap = std::chrono::hours(24);
    return options;
  }
  void SetIdentityPolicy(std::string_view text = kIdentityPolicy) {
    ASSERT_TRUE(
        store_.PutPolicy({store::PolicyKind::kIdentity, "web-identities", std::string(text)},
                         {"admin:test", "policy.set", "identity", {}}));
  }
  std::vector<audit::AuditEntry> Audit() { return store::ReadAllAudit(store_).value(); }

  FixedClock clock_{kT0};
  testing::FakeStore store_{clock_};
  kbs::SecretSealer sealer_ = MakeSealer();
  CaKeyring keyring_{store_, sealer_, clock_, Options()};
  CertificateIssuer issuer_{keyring_, store_, clock_};
};

}  // namespace veil::workload_ca::test
