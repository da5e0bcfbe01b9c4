#pragma once
// Which PCRs a quote covers: TPML_PCR_SELECTION (TCG TPM 2.0 Library Part 2: Structures, rev 1.59,
// 10.9.7) of TPMS_PCR_SELECTION (10.6.2), and the same selection in tpm2-tools' text syntax
// ("sha256:0,1,7" or "sha1:0,1+sha256:0,1").

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "veil/base/byte_reader.h"
#include "veil/base/result.h"
#include "veil/evidence/tpm/marshal.h"

namespace veil::evidence::tpm {

struct PcrBank {
  HashAlg hash = HashAlg::kSha256;
  std::vector<std::uint32_t> indexes;  // ascending, distinct, each < 8 * kMaxSizeofSelect

  friend bool operator==(const PcrBank&, const PcrBank&) = default;
};

// Banks in the order the selection lists them: that order, then ascending indexes within a
// bank, is the order of the PCR values in pcrDigest and in tpm2-tools' PCR files.
struct PcrSelection {
  std::vector<PcrBank> banks;

  std::size_t PcrCount() const;
  // "sha1:0,1+sha256:0,1,23"; a bank with an empty bitmap shows as "sha1:none".
  std::string ToString() const;

  friend bool operator==(const PcrSelection&, const PcrSelection&) = default;
};

// True when both select the same (bank, index) pairs, whatever the order of their banks.
bool SelectsSamePcrs(const PcrSelection& a, const PcrSelection& b);

// The PCRs a TPMS_PCR_SELECTION.pcrSelect bitmap names: PCR n is bit n%8 of byte n/8.
std::vector<std::uint32_t> PcrIndexesFromBitmap(ByteSpan bitmap);

// TPML_PCR_SELECTION at the reader's cursor, big-endian: count u32 (at most kMaxPcrBanks), then per
// bank hash u16, sizeofSelect u8 (at most kMaxSizeofSelect), pcrSelect bitmap (PCR n = bit n%8 of
// byte n/8). kMalformed on sizes, kUnsupported on a hash other than SHA-1/256/384/512 or a bank
// listed twice. `field` prefixes every message ("TPMS_QUOTE_INFO.pcrSelect").
Result<PcrSelection> ReadPcrSelection(ByteReader& reader, std::string_view field);

// tpm2-tools' pcr-list syntax: banks joined by '+', each "<sha1|sha256|sha384|sha512>:<list>" where
// <list> is comma-separated decimal indexes below 32 or "all" (PCRs 0-23). kInvalidArgument
// naming the offending part.
Result<PcrSelection> ParsePcrList(std::string_view text);

}  // namespace veil::evidence::tpm
