#pragma once
// The message of a TPM2_Quote: TPMS_ATTEST (TCG TPM 2.0 Library Part 2: Structures, rev 1.59,
// 10.12.12) of type TPM_ST_ATTEST_QUOTE, whose attested part is TPMS_QUOTE_INFO (10.12.4).
// The AK signs exactly these bytes (see signature.h); this parser checks nothing cryptographic.

#include <cstdint>

#include "veil/base/bytes.h"
#include "veil/base/result.h"
#include "veil/evidence/tpm/pcr_selection.h"

namespace veil::evidence::tpm {

inline constexpr std::uint32_t kTpmGeneratedValue = 0xFF544347;  // TPM_GENERATED (6.2): "\xffTCG"
inline constexpr std::uint16_t kStAttestQuote = 0x8018;          // TPM_ST_ATTEST_QUOTE (6.9)

// TPMS_CLOCK_INFO (10.11.1).
struct ClockInfo {
  std::uint64_t clock = 0;          // milliseconds the TPM has been powered
  std::uint32_t reset_count = 0;    // TPM resets since the last TPM2_Clear
  std::uint32_t restart_count = 0;  // restarts since the last reset
  bool safe = false;                // TPMI_YES_NO: clock has not gone backwards
};

struct QuoteAttest {
  Bytes qualified_signer;  // TPM2B_NAME contents: the AK's qualified name
  Bytes extra_data;        // TPM2B_DATA contents: the qualifying data (nonce)
  ClockInfo clock_info;
  std::uint64_t firmware_version = 0;
  PcrSelection pcr_select;  // TPMS_QUOTE_INFO.pcrSelect
  Bytes pcr_digest;         // TPMS_QUOTE_INFO.pcrDigest: H(selected PCR values)
};

// Parses the whole buffer as one big-endian TPMS_ATTEST of type TPM_ST_ATTEST_QUOTE. kMalformed
// on a wrong magic, a size above the structure's maximum or what remains, a `safe` byte other than
// 0/1, or trailing bytes; kUnsupported for other attestation types or PCR banks. Each message
// names the field, the expected and the found value.
Result<QuoteAttest> ParseQuoteAttest(ByteSpan bytes);

}  // namespace veil::evidence::tpm
