#pragma once
// Renewal of the workload certificate while the workload runs. The loop sleeps until
// `renew_before` of the current certificate's lifetime is left, then asks the issuer (which
// re-attests with fresh evidence) for a certificate for the same key and replaces the
// certificate and CA files. A failed renewal is logged with its reason — the trustee's, for a
// refusal — and retried after 1, 2, 4 ... up to 15 minutes, past the expiry too (a trustee that
// comes back still renews it); the certificate in place stays until then. The loop ends when the
// sleeper fails: the workload exited.

#include <stop_token>
#include <thread>

#include "veil/agent/config/certificate_config.h"
#include "veil/agent/kbs_client/retry.h"
#include "veil/agent/workload_certificate/certificate_files.h"
#include "veil/agent/workload_certificate/workload_certificate.h"
#include "veil/base/clock.h"

namespace veil::agent {

struct RenewalContext {
  RenewBefore renew_before;
  CertificateIssuer issue;  // re-attests, then requests a certificate
  const Clock* clock;
  Sleeper sleep;  // fails when renewal must stop
};

// Runs until `context.sleep` fails. `certificate` and `files` are used by this loop alone
// meanwhile.
void RenewUntilStopped(WorkloadCertificate& certificate, CertificateFiles& files,
                       const RenewalContext& context);

// A pause that ends early, failing, once `stop` is requested.
Sleeper StopTokenSleeper(std::stop_token stop);

// Runs `body` in a new thread with every signal blocked in it, so the signals the agent forwards
// to the workload (and SIGCHLD, which agent/launch waits for with sigwaitinfo) keep reaching the
// launching thread. The thread's stop token is requested when the jthread goes.
std::jthread StartSignalFreeThread(std::function<void(std::stop_token)> body);

}  // namespace veil::agent
