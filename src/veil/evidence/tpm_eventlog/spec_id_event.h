#pragma once
// The Spec ID event that opens a crypto-agile event log: TCG PC Client Platform Firmware Profile
// (PFP) 1.06 rev 52, 10.4.5.1 "Specification ID Version Event", TCG_EfiSpecIdEvent,
// carried as the Event data of the first, SHA-1-format TCG_PCR_EVENT (PCR 0, EV_NO_ACTION, zero
// digest). Its digest-size table is what lets a parser walk TCG_PCR_EVENT2 records: a digest's
// size comes from here, never from the record itself. All integers little-endian.

#include <cstdint>
#include <string>
#include <vector>

#include "veil/base/bytes.h"
#include "veil/base/result.h"

namespace veil::evidence::tpm_eventlog {

// "Spec ID Event03" and its terminating NUL: the 16-byte signature of a crypto-agile log.
inline constexpr std::string_view kSpecIdSignature{"Spec ID Event03\0", 16};
// The TPM's HASH_COUNT bound (tpm2-tss TPML_DIGEST_VALUES); a log naming more banks is absurd.
inline constexpr std::size_t kMaxSpecIdAlgorithms = 16;
inline constexpr std::size_t kMaxEventDigestSize = 64;  // sizeof(TPMU_HA): SHA-512

struct AlgorithmSize {
  std::uint16_t alg_id = 0;  // TPM_ALG_ID
  std::uint16_t digest_size = 0;
};

struct SpecIdEvent {
  std::uint32_t platform_class = 0;
  std::uint8_t spec_version_minor = 0;
  std::uint8_t spec_version_major = 0;
  std::uint8_t spec_errata = 0;
  std::uint8_t uintn_size = 0;            // 1 = UINT32, 2 = UINT64
  std::vector<AlgorithmSize> algorithms;  // in the order the event lists them
  Bytes vendor_info;

  // The table entry of `alg_id`, or nullptr when the event does not list it.
  const AlgorithmSize* Find(std::uint16_t alg_id) const;
};

// True when `event_data` begins with kSpecIdSignature (the crypto-agile marker).
bool IsSpecIdEvent(ByteSpan event_data);

// Parses TCG_EfiSpecIDEvent: signature, platformClass u32, specVersionMinor/Major, specErrata and
// uintnSize u8, numberOfAlgorithms u32 (1..kMaxSpecIdAlgorithms), digestSizes
// {algorithmId u16, digestSize u16}, vendorInfoSize u8, vendorInfo. kMalformed on a wrong
// signature, specVersion other than 2.0, uintnSize other than 1 or 2, a count out of range, an
// algorithm listed twice, a digest size of 0 or above kMaxEventDigestSize, a known hash with the
// wrong size (SHA-1 20, SHA-256 32, SHA-384 48, SHA-512 64, SM3-256 32), truncation or trailing
// bytes.
Result<SpecIdEvent> ParseSpecIdEvent(ByteSpan event_data);

// "sha256", "sha1", ... for the TPM_ALG_IDs of hashes, "alg 0x0012" for others (messages, JSON).
std::string AlgorithmName(std::uint16_t alg_id);

}  // namespace veil::evidence::tpm_eventlog
