#pragma once
// Verifying collateral itself, at an explicit evaluation time (Intel DCAP quote verification,
// "verify collateral"): each check names the item (with the file it came from) and, for a
// validity failure, the evaluation time and the item's window.
//
//  - root CA CRL: signed by the bundled Intel SGX Root CA; thisUpdate <= at < nextUpdate.
//  - PCK CRL: with an issuer chain, the PCK CA is verified up to the bundled root (and not
//    revoked by the root CA CRL) and signed the CRL; always thisUpdate <= at < nextUpdate.
//  - TCB Info / QE identity: the TCB signing chain up to the bundled root (not revoked by the
//    root CA CRL), the ECDSA signature over the exact body, issueDate <= at < nextUpdate.

#include <string>

#include "veil/base/clock.h"
#include "veil/base/result.h"
#include "veil/endorsement/intel/collateral.h"
#include "veil/endorsement/intel/root.h"

namespace veil::endorsement::intel {

// "TDX TCB Info for FMSPC b0c06f000000 (from <source>)" and the like, for messages.
std::string DescribeTcbInfo(const SignedTcbInfo& tcb_info);
std::string DescribeQeIdentity(const SignedQeIdentity& identity);

// `root` is the Intel SGX Root CA trusted (root.h): the bundled one unless a test passes its own.
Status VerifyRootCaCrl(const IssuedCrl& crl, TimePoint at,
                       const crypto::Certificate& root = BundledRoot());
Status VerifyPckCrl(const IssuedCrl& crl, const crypto::Crl* root_ca_crl, TimePoint at,
                    const crypto::Certificate& root = BundledRoot());
Status VerifyTcbInfo(const SignedTcbInfo& tcb_info, const crypto::Crl* root_ca_crl, TimePoint at,
                     const crypto::Certificate& root = BundledRoot());
Status VerifyQeIdentity(const SignedQeIdentity& identity, const crypto::Crl* root_ca_crl,
                        TimePoint at, const crypto::Certificate& root = BundledRoot());

// Every item the collateral holds, the root CA CRL first (the others are checked against it).
Status VerifyCollateral(const Collateral& collateral, TimePoint at,
                        const crypto::Certificate& root = BundledRoot());

}  // namespace veil::endorsement::intel
