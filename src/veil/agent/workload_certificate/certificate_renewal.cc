#include "veil/agent/workload_certificate/certificate_renewal.h"

#include <pthread.h>
#include <signal.h>

#include <condition_variable>
#include <mutex>

#include <spdlog/spdlog.h>

#include "veil/agent/workload_certificate/renewal_time.h"
#include "veil/base/rfc3339.h"

namespace veil::agent {
namespace {

std::chrono::milliseconds Until(TimePoint when, const Clock& clock) {
  const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(when - clock.Now());
  return std::max(left, std::chrono::milliseconds(0));
}

// Tries until a renewal succeeds (true) or the sleeper fails (false).
bool RenewOnce(WorkloadCertificate& certificate, CertificateFiles& files,
               const RenewalContext& context) {
  for (unsigned failures = 1;; ++failures) {
    Status renewed = certificate.Renew(context.issue, *context.clock);
    if (renewed) renewed = files.WriteCertificates(certificate);
    if (renewed) {
      spdlog::info("renewed the workload certificate: serial {}, valid until {}",
                   certificate.issued().serial, certificate.issued().not_after);
      return true;
    }
    const auto pause = RenewalRetryPause(failures);
    const bool expired = context.clock->Now() >= certificate.certificate().NotAfter();
    spdlog::error("renewing the workload certificate failed ({} in a row): {}; retrying in {} s{}",
                  failures, renewed.error().ToString(),
                  std::chrono::duration_cast<std::chrono::seconds>(pause).count(),
                  expired ? " (the current certificate has expired)" : "");
    if (!context.sleep(pause)) return false;
  }
}

}  // namespace

void RenewUntilStopped(WorkloadCertificate& certificate, CertificateFiles& files,
                       const RenewalContext& context) {
  for (bool renewed = false;; renewed = true) {
    TimePoint due = RenewalTime(context.renew_before, certificate.certificate().NotBefore(),
                                certificate.certificate().NotAfter());
    if (renewed) due = std::max(due, context.clock->Now() + kMinRenewalInterval);
    spdlog::info("the workload certificate (serial {}) is renewed at {}",
                 certificate.issued().serial, FormatRfc3339(due));
    if (!context.sleep(Until(due, *context.clock))) return;
    if (!RenewOnce(certificate, files, context)) return;
  }
}

Sleeper StopTokenSleeper(std::stop_token stop) {
  return [stop = std::move(stop)](std::chrono::milliseconds pause) -> Status {
    std::mutex mutex;
    std::condition_variable_any wake;
    std::unique_lock lock(mutex);
    wake.wait_for(lock, stop, pause, [] { return false; });
    if (stop.stop_requested()) return Fail(Unavailable("the workload exited"));
    return {};
  };
}

std::jthread StartSignalFreeThread(std::function<void(std::stop_token)> body) {
  sigset_t all;
  sigset_t previous;
  sigfillset(&all);
  pthread_sigmask(SIG_SETMASK, &all, &previous);  // the new thread inherits this mask
  std::jthread thread(std::move(body));
  pthread_sigmask(SIG_SETMASK, &previous, nullptr);
  return thread;
}

}  // namespace veil::agent
