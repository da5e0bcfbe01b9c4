#pragma once
// Issuing a workload certificate to an attested TEE. The checks, in order, each refusal naming
// what was expected and what was found:
//   0. the CSR parses (one PEM CERTIFICATE REQUEST)                    kMalformed
//   1. the CSR's self-signature (proof of possession)                 kVerificationFailed
//   2. its key: EC P-256, or RSA of 2048 bits or more                   kUnsupported
//   3. its names: 1..kMaxRequestedNames DNS names / URIs                kInvalidArgument
//   4. the identity policy over the token's claims, every name         kPolicyDenied
// then the certificate is signed by the current CA and recorded with its audit entry
// ("certificate.issue") before it is returned. A refusal of checks 1-4 is audited too
// ("certificate.deny", with the rule and reason): the log answers "who asked for which name, and
// why not". Failures of the store or the CA are not refusals: they are returned as they are.
//
// The certificate: empty subject, critical subjectAltName with the requested names, keyUsage,
// extKeyUsage serverAuth+clientAuth, basicConstraints CA:FALSE, subject and authority key
// identifiers, a CRL distribution point when [workload_ca] public_url is set, and Veil's
// attestation-result extension. Its notBefore is now; its notAfter is the earliest of now +
// certificate_ttl, the token's exp + certificate_ttl, and the CA's notAfter.

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "veil/base/clock.h"
#include "veil/base/result.h"
#include "veil/crypto/certificate.h"
#include "veil/crypto/certificate_request.h"
#include "veil/store/store.h"
#include "veil/workload_ca/ca_keyring.h"

namespace veil::workload_ca {

// Veil's attestation-result extension (a UUID OID, X.667), non-critical: extnValue is an OCTET
// STRING of the 32-byte SHA-256 of the attestation token's compact text as the TEE presented it.
// GET /veil/v0/workload/attestations/sha256:<hex> answers what that token attested.
inline constexpr std::string_view kAttestationResultExtensionOid =
    "2.25.111604575006448392241121887929323901935";
inline constexpr std::size_t kMaxRequestedNames = 16;
inline constexpr std::string_view kIssueAction = "certificate.issue";
inline constexpr std::string_view kDenyAction = "certificate.deny";

// The verified attestation behind an issuance request.
struct Attestation {
  nlohmann::json claims;                // the token's claims (stored as the attestation result)
  std::string token_digest;             // "sha256:<hex>" of the token's text
  std::string tee_identity;             // kbs::TeeIdentity of the token
  nlohmann::json policy_input;          // policy::ResourcePolicyInputToJson without "resource"
  std::optional<TimePoint> expires_at;  // the token's exp
};

struct IssuedCertificate {
  crypto::Certificate certificate;
  store::WorkloadCertificateRecord record;
  std::vector<std::string> rules;  // the identity policy rule that allowed each name
};

class CertificateIssuer {
 public:
  CertificateIssuer(CaKeyring& keyring, store::Store& store, const Clock& clock)
      : keyring_(keyring), store_(store), clock_(clock) {}

  Result<IssuedCertificate> Issue(std::string_view csr_pem, const Attestation& attestation);

  // Appends "certificate.deny" for `refusal` of a request that presented `attestation` (a failed
  // append is logged: the answer is a refusal either way) and returns `refusal`. Issue calls it
  // for its own refusals; callers for the refusals before it (a body without a CSR).
  Error Deny(const Attestation& attestation, const std::vector<std::string>& names, Error refusal,
             const std::string& rule = {});

 private:
  Result<IssuedCertificate> Sign(const crypto::CertificateRequest& request,
                                 const Attestation& attestation,
                                 const std::vector<crypto::SubjectAltName>& names,
                                 std::vector<std::string> rules);
  CaKeyring& keyring_;
  store::Store& store_;
  const Clock& clock_;
};

// Whether a CSR's key is one workload certificates accept; kUnsupported naming it otherwise.
Status CheckWorkloadKey(const crypto::PublicKey& key);

}  // namespace veil::workload_ca
