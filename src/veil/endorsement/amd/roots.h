#pragma once
// AMD SEV-SNP trust anchors bundled with Veil.

#include <vector>

#include "veil/base/result.h"
#include "veil/crypto/certificate.h"
#include "veil/evidence/snp/product.h"

namespace veil::endorsement::amd {

enum class KeyKind { kVcek, kVlek };

// [ASK, ARK] for a VCEK or [ASVK, ARK] for a VLEK of `product`.
Result<std::vector<crypto::Certificate>> BundledCaChain(evidence::snp::Product product,
                                                        KeyKind kind);

// True when `ark` is byte-identical to one of the bundled ARKs.
bool IsBundledArk(const crypto::Certificate& ark);

}  // namespace veil::endorsement::amd
