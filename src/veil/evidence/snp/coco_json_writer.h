#pragma once
// The inverse of coco_json.h: SNP report bytes and certificates in CoCo's JSON shape
// (guest-components' SnpEvidence, a serde dump of virtee/sev's AttestationReport and
// CertTableEntry list), as veil-agent sends them. ParseCocoSnpEvidence(ToCocoSnpEvidence(r, c))
// gives back exactly the bytes `r` and the entries `c`.

#include <nlohmann/json.hpp>
#include <span>

#include "veil/base/bytes.h"
#include "veil/base/result.h"
#include "veil/evidence/snp/coco_json.h"

namespace veil::evidence::snp {

// {"attestation_report": {...}, "cert_chain": [{"cert_type", "data"}] or null when `cert_chain` is
// empty}. `report` must pass ParseReport (its errors are returned). kUnsupported when a TCB_VERSION
// holds non-zero bytes where the product's layout reserves them: the JSON has no field for them,
// so the trustee would rebuild different bytes and the signature would not verify.
Result<nlohmann::json> ToCocoSnpEvidence(ByteSpan report,
                                         std::span<const CertTableEntry> cert_chain);

}  // namespace veil::evidence::snp
