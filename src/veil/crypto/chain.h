#pragma once
// X.509 path validation at an explicit time (never the wall clock): signatures up to a trust
// anchor, validity periods, basic constraints. A failure names the certificate and the reason.

#include <span>

#include "veil/base/clock.h"
#include "veil/base/result.h"
#include "veil/crypto/certificate.h"

namespace veil::crypto {

struct ChainInput {
  const Certificate& leaf;
  std::span<const Certificate> intermediates;  // untrusted, in any order
  std::span<const Certificate> roots;          // trust anchors
  TimePoint at;                                // when every certificate must be valid
};

// kVerificationFailed with e.g. "certificate has expired: CN=SEV-VLEK (not after 2025-12-10T...)".
Status VerifyChain(const ChainInput& input);

}  // namespace veil::crypto
