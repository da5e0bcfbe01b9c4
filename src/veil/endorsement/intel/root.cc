#include "veil/endorsement/intel/root.h"

#include "veil/endorsement/intel/intel_root_data.h"

namespace veil::endorsement::intel {

const crypto::Certificate& BundledRoot() {
  static const crypto::Certificate kRoot = [] {
    auto chain = crypto::Certificate::ChainFromPem(EmbeddedRootPem());
    VEIL_CHECK(chain && chain->size() == 1);  // embedded data is ours: exactly the root
    return chain->front();
  }();
  return kRoot;
}

bool IsBundledRoot(const crypto::Certificate& root) {
  static const Bytes kFingerprint = BundledRoot().Sha256Fingerprint();
  return root.Sha256Fingerprint() == kFingerprint;
}

bool IsTrustedRoot(const crypto::Certificate& candidate, const crypto::Certificate& root) {
  return candidate.Der() == root.Der();
}

}  // namespace veil::endorsement::intel
