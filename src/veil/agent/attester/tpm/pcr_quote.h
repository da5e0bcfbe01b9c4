#pragma once
// A TPM2_Quote of SHA-256 PCRs 0..23 together with the PCR values it covers, in the byte forms
// `tpm2_quote -m/-s` writes and the trustee's appraisal (appraisal/tpm) reads.

#include <tss2/tss2_esys.h>

#include <vector>

#include "veil/agent/attester/tpm/esys_connection.h"
#include "veil/base/bytes.h"
#include "veil/base/result.h"

namespace veil::agent::tpm {

struct PcrQuote {
  Bytes attest;             // TPMS_ATTEST exactly as the TPM signed it
  Bytes signature;          // TPMT_SIGNATURE, marshalled
  std::vector<Bytes> pcrs;  // SHA-256 PCRs 0..23: the values whose digest the quote signs
};

// Reads the PCRs, then quotes them with the AK `ak` (its own scheme) and `qualifying_data` as
// extraData (at most 64 bytes). A PCR extended between the read and the quote makes pcrDigest
// disagree with the values read; then both are taken again, a few times at most.
// kUnavailable with the TSS error, or when the PCRs kept changing; kInvalidArgument for
// qualifying data over 64 bytes.
Result<PcrQuote> QuoteSha256Pcrs(const EsysConnection& tpm, ESYS_TR ak, ByteSpan qualifying_data);

}  // namespace veil::agent::tpm
