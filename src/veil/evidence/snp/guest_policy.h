#pragma once
// GUEST_POLICY (SEV-SNP ABI rev 1.58, "Guest Policy Structure") and PLATFORM_INFO
// ("PLATFORM_INFO Field") decoded into named flags.

#include <cstdint>

#include "veil/base/result.h"

namespace veil::evidence::snp {

struct GuestPolicy {
  std::uint8_t abi_minor = 0;      // bits 7:0
  std::uint8_t abi_major = 0;      // bits 15:8
  bool smt = false;                // bit 16: SMT allowed
  bool migrate_ma = false;         // bit 18: association with a migration agent allowed
  bool debug = false;              // bit 19: debugging allowed
  bool single_socket = false;      // bit 20
  bool cxl_allow = false;          // bit 21
  bool mem_aes_256_xts = false;    // bit 22
  bool rapl_dis = false;           // bit 23
  bool ciphertext_hiding = false;  // bit 24
  bool page_swap_disable = false;  // bit 25
};

// Fails when bit 17 (reserved, must be one) is clear or a reserved bit 26..63 is set.
Result<GuestPolicy> DecodeGuestPolicy(std::uint64_t raw);

struct PlatformInfo {
  bool smt_enabled = false;                // bit 0
  bool tsme_enabled = false;               // bit 1
  bool ecc_enabled = false;                // bit 2
  bool rapl_disabled = false;              // bit 3
  bool ciphertext_hiding_enabled = false;  // bit 4
  bool alias_check_complete = false;       // bit 5
};

// Informational: reserved bits are kept in the raw value, not rejected.
PlatformInfo DecodePlatformInfo(std::uint64_t raw);

}  // namespace veil::evidence::snp
