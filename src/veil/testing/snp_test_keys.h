#pragma once
// Fixed RSA-2048 keys for the SNP test CA's ARK and ASK. Generating RSA keys costs most of a
// minted-chain test's time (ctest runs each test in its own process), so the keys are made once,
// here, and each SnpTestCa takes the next two.

#include <cstddef>
#include <string_view>

namespace veil::testing {

inline constexpr std::size_t kTestRsaKeyCount = 6;

// PKCS#8 PEM of test key `index` (taken modulo kTestRsaKeyCount).
std::string_view TestRsaKeyPem(std::size_t index);

}  // namespace veil::testing
