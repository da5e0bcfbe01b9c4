#pragma once
// The workload CA's keys: ECDSA P-384 CA certificates (self-signed, SHA-384) whose private keys
// live in the store sealed by the trustee's SecretSealer (for store::WorkloadCaKeySealedFor(id)),
// exactly as resources are, and so are resealed by a KEK rotation.
//
// The store is the truth: every call reads the CAs it holds, so a rotation made by one replica is
// seen by all; opened keys are cached by CA id. A rotation retires the current CA and keeps it
// published (CA bundle, CRL) for an overlap of at least the certificate lifetime, then it drops
// out of Published() without anything being deleted.

#include <chrono>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "veil/base/clock.h"
#include "veil/base/result.h"
#include "veil/crypto/certificate.h"
#include "veil/crypto/private_key.h"
#include "veil/kbs/secret_sealer.h"
#include "veil/store/store.h"
#include "veil/workload_ca/options.h"

namespace veil::workload_ca {

inline constexpr std::string_view kCaCreateAction = "workload_ca.create";
inline constexpr std::string_view kCaRotateAction = "workload_ca.rotate";

// One CA with its key opened.
struct CaHandle {
  store::WorkloadCaRecord record;
  crypto::Certificate certificate;
  std::shared_ptr<const crypto::PrivateKey> key;
};

class CaKeyring {
 public:
  // `options` must have passed ValidateWorkloadCaOptions. Everything borrowed outlives the keyring.
  CaKeyring(store::Store& store, const kbs::SecretSealer& sealer, const Clock& clock,
            WorkloadCaOptions options)
      : store_(store), sealer_(sealer), clock_(clock), options_(std::move(options)) {}

  // The current CA, created first (and audited, "workload_ca.create") when the store has none;
  // of trustees starting at once on one store, all get the CA of the first. kVerificationFailed
  // when the stored key does not open under this trustee's key-encryption key.
  Result<CaHandle> EnsureCurrent();
  // The current CA; kUnavailable when the store holds none (EnsureCurrent was not called).
  Result<CaHandle> Current();
  // The CA `id` (current or retired); kNotFound when the store has none such.
  Result<CaHandle> Find(std::string_view id);
  // The CAs published now: the current one first, then the retired ones whose published_until
  // is still ahead, newest first.
  Result<std::vector<CaHandle>> Published();
  // Replaces the current CA by a new one and keeps the old one published for `overlap`
  // (default: options().rotation_overlap); audited "workload_ca.rotate" by `actor`.
  // kInvalidArgument for an overlap shorter than the certificate lifetime; kVerificationFailed
  // when another rotation ran first.
  Result<CaHandle> Rotate(std::optional<std::chrono::seconds> overlap, std::string actor);

  const WorkloadCaOptions& options() const { return options_; }

 private:
  Result<store::WorkloadCaRecord> MakeCa(TimePoint now) const;
  Result<CaHandle> Open(const store::WorkloadCaRecord& record);

  store::Store& store_;
  const kbs::SecretSealer& sealer_;
  const Clock& clock_;
  const WorkloadCaOptions options_;
  std::mutex mutex_;  // guards keys_
  std::map<std::string, std::shared_ptr<const crypto::PrivateKey>, std::less<>> keys_;
};

}  // namespace veil::workload_ca
