#pragma once
// A stand-in for the trustee's workload CA: certifies the key of each CSR it gets for a day from
// an hour before the clock's time, under a fresh test CA each time (testing/certificate_chain.h),
// unless a scripted failure is due.

#include <deque>
#include <string>
#include <string_view>

#include "veil/agent/workload_certificate/workload_certificate.h"
#include "veil/base/clock.h"
#include "veil/crypto/certificate_request.h"
#include "veil/testing/certificate_chain.h"

namespace veil::agent {

class FakeIssuer {
 public:
  explicit FakeIssuer(const Clock& clock) : clock_(&clock) {}

  std::deque<Error> failures;  // the next requests fail with these, in order
  int requests = 0;

  CertificateIssuer AsIssuer() {
    return [this](std::string_view csr) { return Issue(csr); };
  }

 private:
  Result<IssuedCertificate> Issue(std::string_view csr) {
    ++requests;
    if (!failures.empty()) {
      Error error = failures.front();
      failures.pop_front();
      return Fail(std::move(error));
    }
    VEIL_ASSIGN_OR_RETURN(crypto::CertificateRequest request,
                          crypto::CertificateRequest::ParsePem(csr));
    VEIL_TRY(request.VerifySelfSignature());
    VEIL_ASSIGN_OR_RETURN(crypto::PublicKey key, request.public_key());
    const std::vector<crypto::Certificate> chain = testing::IssueTestChain(key, clock_->Now());
    return IssuedCertificate{testing::ChainPem({chain[0]}),
                             {testing::ChainPem({chain[1]})},
                             std::to_string(requests),
                             "",
                             "sha256:00"};
  }

  const Clock* clock_;
};

}  // namespace veil::agent
