#pragma once
// The PCK certificate chain of a DCAP quote (certification data type 5: PEM, leaf first) and its
// verification up to the bundled Intel SGX Root CA, Intel "SGX PCK Certificate and CRL Profile".
//
// VerifyPckChain checks, in order:
//  1. the chain is the PCK leaf, one PCK CA, and optionally a root equal to the trusted root
//     (the bundled one unless a test passes its own);
//  2. the CA is the "Intel SGX PCK Platform CA" or "Intel SGX PCK Processor CA";
//  3. signatures and validity periods up to the bundled root at `at` (crypto::VerifyChain);
//  4. the root CA CRL is signed by the root, current at `at`, and does not list the PCK CA;
//  5. the PCK CRL is signed by that PCK CA, current at `at`, and does not list the leaf;
//  6. the leaf's SGX extension parses.
// Every failure is kVerificationFailed (kMalformed for 1 and 6) and names the certificate or CRL.

#include <span>
#include <string_view>
#include <vector>

#include "veil/base/clock.h"
#include "veil/base/result.h"
#include "veil/crypto/certificate.h"
#include "veil/crypto/crl.h"
#include "veil/endorsement/intel/root.h"
#include "veil/endorsement/intel/sgx_extensions.h"

namespace veil::endorsement::intel {

// The PEM text of certification data type 5 (Intel SGX ECDSA Quote Library Reference,
// "Certification Data": PCK leaf, PCK CA, root) as certificates, leaf first. Only PEM
// CERTIFICATE blocks separated by whitespace are accepted, with NUL padding at the end; anything
// else, or a count other than 2 or 3, is kMalformed naming the offset or count.
Result<std::vector<crypto::Certificate>> ParsePckChainPem(ByteSpan certification_data);

enum class PckCa { kPlatform, kProcessor };
std::string_view PckCaName(PckCa ca);  // "platform", "processor" (PCS's `ca` parameter)

// Which PCK CA `ca` is, by its subject CN; kVerificationFailed for any other certificate.
Result<PckCa> PckCaOf(const crypto::Certificate& ca);

struct PckChainInput {
  std::span<const crypto::Certificate> chain;  // leaf first, as certification data carries it
  const crypto::Crl& pck_crl;                  // of the chain's PCK CA
  const crypto::Crl& root_ca_crl;
  TimePoint at;
  const crypto::Certificate& root = BundledRoot();  // the Intel SGX Root CA trusted (root.h)
};

struct VerifiedPck {
  crypto::Certificate leaf;
  PckCa ca;
  SgxExtensions extensions;
};

Result<VerifiedPck> VerifyPckChain(const PckChainInput& input);

}  // namespace veil::endorsement::intel
