#pragma once
// The SGX report body (Intel SGX ECDSA Quote Library API, "Enclave Report Body"; SDK
// sgx_report_body_t): 384 bytes, little-endian. It is the body of an SGX quote v3 and, in every
// DCAP quote, the Quoting Enclave's report whose REPORTDATA binds the attestation key.

#include <array>
#include <cstdint>
#include <string_view>

#include "veil/base/byte_reader.h"
#include "veil/base/result.h"

namespace veil::evidence::dcap {

inline constexpr std::size_t kSgxReportBodySize = 384;

struct SgxReportBody {
  std::array<std::uint8_t, 16> cpu_svn{};          // 0x000
  std::uint32_t misc_select = 0;                   // 0x010
  std::array<std::uint8_t, 16> isv_ext_prod_id{};  // 0x020 (0x014..0x01F reserved)
  std::array<std::uint8_t, 16> attributes{};       // 0x030, flags (bit 1 DEBUG) then XFRM
  std::array<std::uint8_t, 32> mr_enclave{};       // 0x040 (0x060..0x07F reserved)
  std::array<std::uint8_t, 32> mr_signer{};        // 0x080 (0x0A0..0x0BF reserved)
  std::array<std::uint8_t, 64> config_id{};        // 0x0C0
  std::uint16_t isv_prod_id = 0;                   // 0x100
  std::uint16_t isv_svn = 0;                       // 0x102
  std::uint16_t config_svn = 0;                    // 0x104 (0x106..0x12F reserved)
  std::array<std::uint8_t, 16> isv_family_id{};    // 0x130
  std::array<std::uint8_t, 64> report_data{};      // 0x140
};

// Reads kSgxReportBodySize bytes from `reader`; `what` ("QE report", "enclave report body")
// prefixes each field name in messages. kMalformed for truncation and any non-zero reserved byte.
Result<SgxReportBody> ReadSgxReportBody(ByteReader& reader, std::string_view what);

}  // namespace veil::evidence::dcap
