#pragma once
// TEST ONLY: an SNP attester for veil-load that needs no hardware. Each instance has its own VCEK
// (EC P-384) issued by the SNP test CA (testing/snp_test_ca.h) and answers each request with a
// Milan ATTESTATION_REPORT binding the report data, signed by that VCEK, in CoCo's JSON shape
// with the VCEK in cert_chain — so the trustee runs its real SNP verification, but only a trustee
// started with the test CA's chain (veil-trustee --insecure-test-snp-ca-chain) believes it.

#include <memory>

#include "veil/agent/attester/attester.h"
#include "veil/base/result.h"
#include "veil/testing/snp_test_ca.h"

namespace veil::bench {

// The test CA every veil-load process mints the same way (the same fixed ARK and ASK keys).
Result<testing::SnpTestCa> MakeLoadSnpTestCa();

// A new VCEK from `ca` and an attester that signs reports with it.
Result<std::unique_ptr<agent::Attester>> MakeSnpTestAttester(const testing::SnpTestCa& ca);

}  // namespace veil::bench
