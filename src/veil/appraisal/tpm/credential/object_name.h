#pragma once
// The Name of a TPM object (TCG TPM 2.0 Library Part 1, rev 1.59, 16 "Names"): its nameAlg as a
// big-endian u16 followed by the nameAlg digest of its marshalled TPMT_PUBLIC. Credential
// activation binds a credential to this Name, so it must be computed over the exact bytes the
// TPM marshals, never over a re-encoding.

#include "veil/base/bytes.h"
#include "veil/base/result.h"

namespace veil::appraisal::tpm::credential {

// `public_area` is a TPMT_PUBLIC, or a TPM2B_PUBLIC (u16 size, then exactly that many bytes),
// as evidence::tpm::ParsePublicArea tells them apart. The area is parsed first, so kMalformed /
// kUnsupported from that parser (prefixed "object name: "); the digest covers the TPMT_PUBLIC
// bytes only.
Result<Bytes> ObjectName(ByteSpan public_area);

}  // namespace veil::appraisal::tpm::credential
