#pragma once
// The TD report body of a TDX quote (Intel TDX DCAP Quoting Library API, "TD Quote Body" for
// TDX 1.0 and "TD Quote Body Descriptor"/TD 1.5 body for quote v5). Little-endian; the 48-byte
// measurements are SHA-384 values as the TDX module reports them.

#include <array>
#include <cstdint>
#include <optional>

#include "veil/base/byte_reader.h"
#include "veil/base/result.h"

namespace veil::evidence::tdx {

inline constexpr std::size_t kTd10BodySize = 584;
inline constexpr std::size_t kTd15BodySize = 648;

using Measurement = std::array<std::uint8_t, 48>;

// TDX 1.5 appends these to the TD 1.0 body.
struct Td15Extension {
  std::array<std::uint8_t, 16> tee_tcb_svn2{};  // 0x248
  Measurement mr_service_td{};                  // 0x258
};

struct TdReportBody {
  std::array<std::uint8_t, 16> tee_tcb_svn{};     // 0x000
  Measurement mr_seam{};                          // 0x010
  Measurement mr_signer_seam{};                   // 0x040
  std::array<std::uint8_t, 8> seam_attributes{};  // 0x070
  std::array<std::uint8_t, 8> td_attributes{};    // 0x078, byte 0 bit 0 = DEBUG
  std::array<std::uint8_t, 8> xfam{};             // 0x080
  Measurement mr_td{};                            // 0x088
  Measurement mr_config_id{};                     // 0x0B8
  Measurement mr_owner{};                         // 0x0E8
  Measurement mr_owner_config{};                  // 0x118
  std::array<Measurement, 4> rtmr{};              // 0x148, 0x178, 0x1A8, 0x1D8
  std::array<std::uint8_t, 64> report_data{};     // 0x208
  std::optional<Td15Extension> td15;              // 0x248, TD 1.5 bodies only
};

// Reads a TD 1.0 body (kTd10BodySize bytes), or a TD 1.5 body (kTd15BodySize) when `td15`.
// kMalformed on truncation. Every byte is a field: there is nothing reserved to check.
Result<TdReportBody> ReadTdReportBody(ByteReader& reader, bool td15);

}  // namespace veil::evidence::tdx
