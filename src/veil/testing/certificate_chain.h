#pragma once
// A two-certificate chain for tests that need a key "with a certificate": a fresh self-signed EC
// P-256 CA and a leaf it issues for `subject`, valid from an hour before `now` for a day.

#include <string>
#include <vector>

#include "veil/base/clock.h"
#include "veil/crypto/certificate.h"
#include "veil/crypto/public_key.h"

namespace veil::testing {

// {leaf, ca}; aborts the test binary when OpenSSL fails.
std::vector<crypto::Certificate> IssueTestChain(const crypto::PublicKey& subject, TimePoint now);

// The chain as PEM, leaf first, as a configuration file holds it.
std::string ChainPem(const std::vector<crypto::Certificate>& chain);

}  // namespace veil::testing
