#include "veil/agent/workload_certificate/workload_certificate.h"

#include <algorithm>

#include "veil/crypto/certificate_request.h"
#include "veil/crypto/certificate_request_builder.h"
#include "veil/crypto/chain.h"

namespace veil::agent {
namespace {

// The leaf of `issued`, once it is known to certify `key` under a CA the trustee sent.
Result<crypto::Certificate> CheckIssued(const IssuedCertificate& issued,
                                        const crypto::PrivateKey& key, const Clock& clock) {
  auto leaf = crypto::Certificate::ChainFromPem(issued.certificate);
  if (!leaf) {
    return Fail(VerificationFailed("the trustee's workload certificate does not parse: " +
                                   leaf.error().message));
  }
  VEIL_ASSIGN_OR_RETURN(const crypto::PublicKey certified, leaf->front().GetPublicKey());
  if (!certified.Equals(key.GetPublicKey())) {
    return Fail(VerificationFailed(
        "the trustee's workload certificate (serial " + issued.serial +
        ") is for another key than the one this agent generated and sent in its CSR"));
  }
  std::string bundle;
  for (const std::string& ca : issued.ca_certificates) bundle += ca + "\n";
  auto cas = crypto::Certificate::ChainFromPem(bundle);
  if (!cas) {
    return Fail(
        VerificationFailed("the trustee's CA certificates do not parse: " + cas.error().message));
  }
  // A trustee whose clock runs ahead issues a certificate that starts in this TEE's future; that
  // skew is no reason to refuse it (the workload's peers judge its validity with their clocks).
  const TimePoint at = std::max(clock.Now(), leaf->front().NotBefore());
  if (auto chained = crypto::VerifyChain({leaf->front(), {}, *cas, at}); !chained) {
    return Fail(VerificationFailed(
        "the trustee's workload certificate (serial " + issued.serial +
        ") does not chain to the CA certificates it sent: " + chained.error().message));
  }
  return std::move(leaf->front());
}

}  // namespace

Result<WorkloadCertificate> WorkloadCertificate::Obtain(
    crypto::PrivateKey key, std::span<const crypto::SubjectAltName> names,
    const CertificateIssuer& issue, const Clock& clock) {
  VEIL_ASSIGN_OR_RETURN(crypto::CertificateRequest request,
                        crypto::BuildCertificateRequest(key, names));
  std::string csr_pem = request.Pem();
  VEIL_ASSIGN_OR_RETURN(IssuedCertificate issued, issue(csr_pem));
  VEIL_ASSIGN_OR_RETURN(crypto::Certificate certificate, CheckIssued(issued, key, clock));
  return WorkloadCertificate(std::move(key), std::move(csr_pem), std::move(certificate),
                             std::move(issued));
}

Status WorkloadCertificate::Renew(const CertificateIssuer& issue, const Clock& clock) {
  VEIL_ASSIGN_OR_RETURN(IssuedCertificate issued, issue(csr_pem_));
  VEIL_ASSIGN_OR_RETURN(certificate_, CheckIssued(issued, key_, clock));
  issued_ = std::move(issued);
  return {};
}

std::string WorkloadCertificate::CaBundlePem() const {
  std::string bundle;
  for (const std::string& ca : issued_.ca_certificates) {
    bundle += ca;
    if (!ca.empty() && ca.back() != '\n') bundle += '\n';
  }
  return bundle;
}

}  // namespace veil::agent
