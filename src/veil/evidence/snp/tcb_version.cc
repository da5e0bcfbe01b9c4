#include "veil/evidence/snp/tcb_version.h"

namespace veil::evidence::snp {
namespace {

std::uint8_t ByteAt(std::uint64_t raw, unsigned index) {
  return static_cast<std::uint8_t>(raw >> (8 * index));
}

}  // namespace

TcbVersion DecodeTcbVersion(std::uint64_t raw, Product product) {
  TcbVersion tcb;
  if (product == Product::kTurin) {
    tcb.fmc = ByteAt(raw, 0);
    tcb.boot_loader = ByteAt(raw, 1);
    tcb.tee = ByteAt(raw, 2);
    tcb.snp = ByteAt(raw, 3);
  } else {
    tcb.boot_loader = ByteAt(raw, 0);
    tcb.tee = ByteAt(raw, 1);
    tcb.snp = ByteAt(raw, 6);
  }
  tcb.microcode = ByteAt(raw, 7);
  return tcb;
}

}  // namespace veil::evidence::snp
