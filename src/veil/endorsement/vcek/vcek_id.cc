#include "veil/endorsement/vcek/vcek_id.h"

#include <algorithm>

#include "veil/base/hex.h"

namespace veil::endorsement::vcek {
namespace {

using evidence::snp::Product;

constexpr std::size_t kTurinHwidBytes = 8;

std::string Hwid(const evidence::snp::Report& report, Product product) {
  const ByteSpan chip_id(report.chip_id);
  return HexEncode(product == Product::kTurin ? chip_id.first(kTurinHwidBytes) : chip_id);
}

VcekId IdFor(const evidence::snp::Report& report, Product product) {
  return VcekId{product, Hwid(report, product),
                evidence::snp::DecodeTcbVersion(report.reported_tcb, product)};
}

Status CheckKdsCanBeAsked(const evidence::snp::Report& report) {
  if (report.signing_key == evidence::snp::SigningKey::kVlek) {
    return Fail(Unsupported(
        "the report is signed by a VLEK, which only the cloud provider supplies (cert_chain); "
        "AMD KDS serves no VLEK by chip"));
  }
  if (report.signing_key == evidence::snp::SigningKey::kNone)
    return Fail(Unsupported("the report is not signed (SIGNING_KEY = none)"));
  const bool masked = std::all_of(report.chip_id.begin(), report.chip_id.end(),
                                  [](std::uint8_t byte) { return byte == 0; });
  if (masked || report.mask_chip_key) {
    return Fail(Unsupported(
        "CHIP_ID is masked (MASK_CHIP_ID); its VCEK cannot be looked up by chip, so the guest "
        "must send it in cert_chain"));
  }
  return {};
}

}  // namespace

Result<std::vector<VcekId>> VcekCandidates(const evidence::snp::Report& report) {
  VEIL_TRY(CheckKdsCanBeAsked(report));
  if (report.cpuid) {
    const auto product = evidence::snp::ProductFromCpuid(report.cpuid->family, report.cpuid->model);
    if (!product) {
      return Fail(Unsupported("CPUID family " + HexEncode(ByteSpan(&report.cpuid->family, 1)) +
                              "h model " + HexEncode(ByteSpan(&report.cpuid->model, 1)) +
                              "h is not an SEV-SNP product Veil knows"));
    }
    return std::vector<VcekId>{IdFor(report, *product)};
  }
  return std::vector<VcekId>{IdFor(report, Product::kMilan), IdFor(report, Product::kGenoa)};
}

std::string KdsVcekPath(const VcekId& id) {
  std::string path =
      "/vcek/v1/" + std::string(evidence::snp::ProductName(id.product)) + "/" + id.hwid +
      "?blSPL=" + std::to_string(id.tcb.boot_loader) + "&teeSPL=" + std::to_string(id.tcb.tee) +
      "&snpSPL=" + std::to_string(id.tcb.snp) + "&ucodeSPL=" + std::to_string(id.tcb.microcode);
  if (id.tcb.fmc) path += "&fmcSPL=" + std::to_string(*id.tcb.fmc);
  return path;
}

std::string StoreRelativePath(const VcekId& id) {
  std::string tcb;
  if (id.tcb.fmc) tcb = "fmc" + std::to_string(*id.tcb.fmc) + "-";
  tcb += "bl" + std::to_string(id.tcb.boot_loader) + "-tee" + std::to_string(id.tcb.tee) + "-snp" +
         std::to_string(id.tcb.snp) + "-ucode" + std::to_string(id.tcb.microcode);
  return std::string(evidence::snp::ProductName(id.product)) + "/" + id.hwid + "/" + tcb + ".der";
}

std::string DescribeVcek(const VcekId& id) {
  std::string tcb = "bl " + std::to_string(id.tcb.boot_loader) + ", tee " +
                    std::to_string(id.tcb.tee) + ", snp " + std::to_string(id.tcb.snp) +
                    ", ucode " + std::to_string(id.tcb.microcode);
  if (id.tcb.fmc) tcb = "fmc " + std::to_string(*id.tcb.fmc) + ", " + tcb;
  return std::string(evidence::snp::ProductName(id.product)) + " chip " + id.hwid.substr(0, 16) +
         "… at " + tcb;
}

}  // namespace veil::endorsement::vcek
