#include "veil/appraisal/snp/vcek_extensions.h"

#include "veil/crypto/der.h"

namespace veil::appraisal::snp {
namespace {

constexpr std::string_view kBlSpl = "1.3.6.1.4.1.3704.1.3.1";
constexpr std::string_view kTeeSpl = "1.3.6.1.4.1.3704.1.3.2";
constexpr std::string_view kSnpSpl = "1.3.6.1.4.1.3704.1.3.3";
constexpr std::string_view kUcodeSpl = "1.3.6.1.4.1.3704.1.3.8";
constexpr std::string_view kFmcSpl = "1.3.6.1.4.1.3704.1.3.9";
constexpr std::string_view kProductName = "1.3.6.1.4.1.3704.1.2";
constexpr std::string_view kHwId = "1.3.6.1.4.1.3704.1.4";
constexpr std::string_view kCspId = "1.3.6.1.4.1.3704.1.5";

Result<std::optional<std::uint8_t>> ReadSpl(const crypto::Certificate& cert, std::string_view oid,
                                            std::string_view name) {
  const auto value = cert.ExtensionValue(oid);
  if (!value) return std::optional<std::uint8_t>{};
  auto integer = crypto::DecodeDerUnsigned(*value);
  if (!integer || *integer > 0xff) {
    return Fail(Malformed("VCEK extension " + std::string(name) + " (" + std::string(oid) +
                          ") is not an INTEGER in 0..255"));
  }
  return std::optional<std::uint8_t>(static_cast<std::uint8_t>(*integer));
}

Result<std::uint8_t> RequireSpl(const crypto::Certificate& cert, std::string_view oid,
                                std::string_view name) {
  VEIL_ASSIGN_OR_RETURN(auto spl, ReadSpl(cert, oid, name));
  if (!spl)
    return Fail(
        Malformed("VCEK lacks the " + std::string(name) + " extension " + std::string(oid)));
  return *spl;
}

Bytes ReadHwId(const Bytes& value) {
  // New KDS certificates wrap hwID in an OCTET STRING; legacy ones carry the raw bytes.
  if (auto unwrapped = crypto::DecodeDerOctetString(value)) return *unwrapped;
  return value;
}

}  // namespace

Result<VcekExtensions> ReadVcekExtensions(const crypto::Certificate& certificate) {
  VcekExtensions out;
  VEIL_ASSIGN_OR_RETURN(out.tcb.boot_loader, RequireSpl(certificate, kBlSpl, "blSPL"));
  VEIL_ASSIGN_OR_RETURN(out.tcb.tee, RequireSpl(certificate, kTeeSpl, "teeSPL"));
  VEIL_ASSIGN_OR_RETURN(out.tcb.snp, RequireSpl(certificate, kSnpSpl, "snpSPL"));
  VEIL_ASSIGN_OR_RETURN(out.tcb.microcode, RequireSpl(certificate, kUcodeSpl, "ucodeSPL"));
  VEIL_ASSIGN_OR_RETURN(out.tcb.fmc, ReadSpl(certificate, kFmcSpl, "fmcSPL"));
  if (const auto name = certificate.ExtensionValue(kProductName)) {
    VEIL_ASSIGN_OR_RETURN(out.product_name, crypto::DecodeDerText(*name));
  }
  if (const auto hw_id = certificate.ExtensionValue(kHwId)) out.hw_id = ReadHwId(*hw_id);
  if (const auto csp_id = certificate.ExtensionValue(kCspId)) {
    auto text = crypto::DecodeDerText(*csp_id);
    out.csp_id = text ? *text : std::string(csp_id->begin(), csp_id->end());
  }
  return out;
}

}  // namespace veil::appraisal::snp
