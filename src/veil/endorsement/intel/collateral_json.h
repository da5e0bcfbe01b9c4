#pragma once
// The one-file collateral shape other DCAP verifiers use (Phala dcap-qvl's QuoteCollateralV3 as
// JSON): {"tcb_info": "<exact signed text>", "tcb_info_signature": "<hex r||s>",
// "tcb_info_issuer_chain": "<PEM>", "qe_identity", "qe_identity_signature",
// "qe_identity_issuer_chain", "pck_crl": "<hex DER>", "pck_crl_issuer_chain": "<PEM>",
// "root_ca_crl": "<hex DER>"}. Every member is required; unknown members are ignored.

#include <string_view>

#include "veil/base/result.h"
#include "veil/endorsement/intel/collateral.h"

namespace veil::endorsement::intel {

// kMalformed naming the member for a missing or unreadable one.
Result<Collateral> ParseCollateralJson(std::string_view text, std::string_view source);

}  // namespace veil::endorsement::intel
