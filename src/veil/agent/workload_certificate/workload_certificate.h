#pragma once
// The workload's key and its current certificate from the trustee's workload CA. The key is
// generated here, in memory, and kept for the workload's whole run: renewal certifies the same
// key again. Every answer is checked before it is believed: the certificate must be for this key
// and chain to one of the CA certificates the trustee sent, at the clock's time (or at its
// notBefore, when the trustee's clock runs ahead of this TEE's).

#include <functional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "veil/agent/config/certificate_config.h"
#include "veil/agent/kbs_client/issued_certificate.h"
#include "veil/base/clock.h"
#include "veil/base/result.h"
#include "veil/crypto/certificate.h"
#include "veil/crypto/private_key.h"
#include "veil/crypto/subject_alt_name.h"

namespace veil::agent {

// Sends a CSR (PEM) to the trustee and returns its answer; kbs_client's RequestCertificate, after
// a fresh attestation when renewing.
using CertificateIssuer = std::function<Result<IssuedCertificate>(std::string_view csr_pem)>;

class WorkloadCertificate {
 public:
  // Builds the CSR for `names` with `key` and obtains the first certificate. The issuer's error
  // (a refusal names the identity policy's rule) passes through; kVerificationFailed when the
  // answer is not a certificate for `key` that chains to a CA the trustee sent.
  static Result<WorkloadCertificate> Obtain(crypto::PrivateKey key,
                                            std::span<const crypto::SubjectAltName> names,
                                            const CertificateIssuer& issue, const Clock& clock);

  // A new certificate for the same key and names; on failure the current one stays.
  Status Renew(const CertificateIssuer& issue, const Clock& clock);

  const crypto::PrivateKey& key() const { return key_; }
  const crypto::Certificate& certificate() const { return certificate_; }
  const IssuedCertificate& issued() const { return issued_; }
  // The CA certificates the trustee published, as one PEM bundle (current first).
  std::string CaBundlePem() const;

 private:
  WorkloadCertificate(crypto::PrivateKey key, std::string csr_pem, crypto::Certificate certificate,
                      IssuedCertificate issued)
      : key_(std::move(key)),
        csr_pem_(std::move(csr_pem)),
        certificate_(std::move(certificate)),
        issued_(std::move(issued)) {}

  crypto::PrivateKey key_;
  std::string csr_pem_;  // the same request serves every renewal: same key, same names
  crypto::Certificate certificate_;
  IssuedCertificate issued_;
};

}  // namespace veil::agent
