#pragma once
// TPM2_PCR_Extend as software computes it (TCG TPM 2.0 Library Part 1, 17.2: PCR_new =
// H(PCR_old || digest)), and the digest of event data for the event types whose digest the PC
// Client Platform Firmware Profile defines as the hash of the event data itself.

#include <cstdint>
#include <optional>

#include "veil/base/bytes.h"
#include "veil/crypto/digest.h"
#include "veil/evidence/tpm/marshal.h"
#include "veil/evidence/tpm_eventlog/event_log.h"

namespace veil::appraisal::tpm_eventlog {

crypto::DigestAlgorithm ToDigestAlgorithm(evidence::tpm::HashAlg hash);

Bytes Extend(evidence::tpm::HashAlg hash, ByteSpan pcr, ByteSpan digest);

// H(Event) for EV_SEPARATOR, EV_ACTION, EV_EFI_ACTION and EV_EFI_VARIABLE_DRIVER_CONFIG (PFP 1.06:
// their digest is the hash of the event data as logged); nullopt for every other type, whose
// digest covers something the log does not carry (an image, a table, a file).
std::optional<Bytes> ExpectedDigestOfData(const evidence::tpm_eventlog::Event& event,
                                          evidence::tpm::HashAlg hash);

}  // namespace veil::appraisal::tpm_eventlog
