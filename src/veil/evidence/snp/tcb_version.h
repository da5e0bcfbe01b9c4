#pragma once
// TCB_VERSION: the security patch levels (SPLs) packed into a 64-bit little-endian value.
// SEV-SNP ABI rev 1.58, "TCB_VERSION Structure": Milan and Genoa use
// [0]=BOOT_LOADER [1]=TEE [2..5]=reserved [6]=SNP [7]=MICROCODE; Turin uses
// [0]=FMC [1]=BOOT_LOADER [2]=TEE [3]=SNP [4..6]=reserved [7]=MICROCODE.

#include <cstdint>
#include <optional>

#include "veil/evidence/snp/product.h"

namespace veil::evidence::snp {

struct TcbVersion {
  std::uint8_t boot_loader = 0;
  std::uint8_t tee = 0;
  std::uint8_t snp = 0;
  std::uint8_t microcode = 0;
  std::optional<std::uint8_t> fmc;  // Turin and later only

  bool operator==(const TcbVersion&) const = default;
};

TcbVersion DecodeTcbVersion(std::uint64_t raw, Product product);

}  // namespace veil::evidence::snp
