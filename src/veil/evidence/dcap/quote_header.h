#pragma once
// The 48-byte header that starts every Intel DCAP quote (Intel SGX ECDSA Quote Library API,
// "Quote Header", quote v3; Intel TDX DCAP Quoting Library API, "Quote Header", v4 and v5).
// Little-endian.

#include <array>
#include <cstdint>
#include <initializer_list>
#include <string>

#include "veil/base/byte_reader.h"
#include "veil/base/result.h"

namespace veil::evidence::dcap {

inline constexpr std::size_t kQuoteHeaderSize = 48;
inline constexpr std::uint16_t kAttestationKeyEcdsaP256 = 2;  // ECDSA-256-with-P-256 curve
inline constexpr std::uint32_t kTeeTypeSgx = 0x00000000;
inline constexpr std::uint32_t kTeeTypeTdx = 0x00000081;

struct QuoteHeader {
  std::uint16_t version = 0;                    // 0x00
  std::uint16_t attestation_key_type = 0;       // 0x02
  std::uint32_t tee_type = 0;                   // 0x04
  std::uint16_t qe_svn = 0;                     // 0x08 (reserved in v4/v5; TD quotes carry 0)
  std::uint16_t pce_svn = 0;                    // 0x0A (reserved in v4/v5; TD quotes carry 0)
  std::array<std::uint8_t, 16> qe_vendor_id{};  // 0x0C, Intel: 939a7233f79c4ca9940a0db3957f0607
  std::array<std::uint8_t, 20> user_data{};     // 0x1C
};

// "TDX", "SGX" or the value in hex, for messages.
std::string TeeTypeName(std::uint32_t tee_type);

// Reads the header from `reader` and checks, in this order: the version is one of `versions`
// (kUnsupported), the TEE type is `tee_type` (kMalformed: it contradicts the version), the
// attestation key type is 2 (kUnsupported). Truncation is kMalformed.
Result<QuoteHeader> ReadQuoteHeader(ByteReader& reader,
                                    std::initializer_list<std::uint16_t> versions,
                                    std::uint32_t tee_type);

}  // namespace veil::evidence::dcap
