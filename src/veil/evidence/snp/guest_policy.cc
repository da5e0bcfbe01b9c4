#include "veil/evidence/snp/guest_policy.h"

#include "veil/base/hex.h"

#include <cstdio>
#include <string>

namespace veil::evidence::snp {
namespace {

bool Bit(std::uint64_t raw, unsigned index) { return ((raw >> index) & 1u) != 0; }

}  // namespace

Result<GuestPolicy> DecodeGuestPolicy(std::uint64_t raw) {
  constexpr std::uint64_t kReservedMask = ~((std::uint64_t{1} << 26) - 1);
  if (!Bit(raw, 17))
    return Fail(Malformed("guest policy " + HexU64(raw) + ": reserved bit 17 must be one"));
  if ((raw & kReservedMask) != 0) {
    return Fail(Malformed("guest policy " + HexU64(raw) + ": reserved bits 63:26 must be zero"));
  }
  GuestPolicy policy;
  policy.abi_minor = static_cast<std::uint8_t>(raw);
  policy.abi_major = static_cast<std::uint8_t>(raw >> 8);
  policy.smt = Bit(raw, 16);
  policy.migrate_ma = Bit(raw, 18);
  policy.debug = Bit(raw, 19);
  policy.single_socket = Bit(raw, 20);
  policy.cxl_allow = Bit(raw, 21);
  policy.mem_aes_256_xts = Bit(raw, 22);
  policy.rapl_dis = Bit(raw, 23);
  policy.ciphertext_hiding = Bit(raw, 24);
  policy.page_swap_disable = Bit(raw, 25);
  return policy;
}

PlatformInfo DecodePlatformInfo(std::uint64_t raw) {
  return PlatformInfo{Bit(raw, 0), Bit(raw, 1), Bit(raw, 2), Bit(raw, 3), Bit(raw, 4), Bit(raw, 5)};
}

}  // namespace veil::evidence::snp
