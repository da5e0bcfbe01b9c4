#include "veil/evidence/snp/coco_json_writer.h"

#include <string>

#include "veil/base/hex.h"
#include "veil/evidence/snp/product.h"
#include "veil/evidence/snp/report.h"
#include "veil/evidence/snp/tcb_version.h"

namespace veil::evidence::snp {
namespace {

using nlohmann::json;

json ByteArray(ByteSpan bytes) { return json(Bytes(bytes.begin(), bytes.end())); }

std::uint64_t EncodeTcbVersion(const TcbVersion& tcb, Product layout) {
  auto at = [](std::uint8_t value, unsigned index) { return std::uint64_t{value} << (8 * index); };
  const std::uint64_t microcode = at(tcb.microcode, 7);
  if (layout == Product::kTurin) {
    return at(tcb.fmc.value_or(0), 0) | at(tcb.boot_loader, 1) | at(tcb.tee, 2) | at(tcb.snp, 3) |
           microcode;
  }
  return at(tcb.boot_loader, 0) | at(tcb.tee, 1) | at(tcb.snp, 6) | microcode;
}

// virtee/sev's TcbVersion: "fmc" is null except in the Turin layout, which is how the parser
// tells the layouts apart.
Result<json> TcbJson(std::string_view name, std::uint64_t raw, Product layout) {
  const TcbVersion tcb = DecodeTcbVersion(raw, layout);
  if (EncodeTcbVersion(tcb, layout) != raw) {
    return Fail(Error{ErrorCode::kUnsupported,
                      std::string(name) + " " + HexU64(raw) + " has non-zero bytes the " +
                          std::string(ProductName(layout)) +
                          " TCB_VERSION layout reserves; CoCo's JSON cannot carry them",
                      "snp"});
  }
  return json{{"fmc", tcb.fmc ? json(*tcb.fmc) : json(nullptr)},
              {"bootloader", tcb.boot_loader},
              {"tee", tcb.tee},
              {"snp", tcb.snp},
              {"microcode", tcb.microcode}};
}

template <typename T>
json OrNull(const std::optional<T>& value) {
  return value ? json(*value) : json(nullptr);
}

template <typename T, typename Member>
json OrNull(const std::optional<T>& value, Member T::*member) {
  return value ? json((*value).*member) : json(nullptr);
}

json VersionJson(const FirmwareVersion& version) {
  return json{{"major", version.major}, {"minor", version.minor}, {"build", version.build}};
}

// 0x048: AUTHOR_KEY_EN (bit 0), MASK_CHIP_KEY (bit 1), SIGNING_KEY (bits 4:2).
std::uint32_t KeyInfo(const Report& report) {
  return (report.author_key_en ? 1u : 0u) | (report.mask_chip_key ? 2u : 0u) |
         (static_cast<std::uint32_t>(report.signing_key) << 2);
}

// Only Turin changes the TCB_VERSION layout; without CPUID (version 2) the report is older.
Product TcbLayout(const Report& report) {
  if (!report.cpuid) return Product::kMilan;
  return ProductFromCpuid(report.cpuid->family, report.cpuid->model) == Product::kTurin
             ? Product::kTurin
             : Product::kMilan;
}

Status AddTcbs(const Report& report, json& fields) {
  const Product layout = TcbLayout(report);
  const std::pair<const char*, std::uint64_t> tcbs[] = {{"current_tcb", report.current_tcb},
                                                        {"reported_tcb", report.reported_tcb},
                                                        {"committed_tcb", report.committed_tcb},
                                                        {"launch_tcb", report.launch_tcb}};
  for (const auto& [name, raw] : tcbs) {
    VEIL_ASSIGN_OR_RETURN(fields[name], TcbJson(name, raw, layout));
  }
  return {};
}

// Field names and widths as coco_json.cc reads them back (SEV-SNP ABI rev 1.58,
// ATTESTATION_REPORT).
Result<json> ReportJson(const Report& report) {
  json fields = {
      {"version", report.version},
      {"guest_svn", report.guest_svn},
      {"policy", report.policy},
      {"family_id", ByteArray(report.family_id)},
      {"image_id", ByteArray(report.image_id)},
      {"vmpl", report.vmpl},
      {"sig_algo", report.signature_algo},
      {"plat_info", report.platform_info},
      {"key_info", KeyInfo(report)},
      {"report_data", ByteArray(report.report_data)},
      {"measurement", ByteArray(report.measurement)},
      {"host_data", ByteArray(report.host_data)},
      {"id_key_digest", ByteArray(report.id_key_digest)},
      {"author_key_digest", ByteArray(report.author_key_digest)},
      {"report_id", ByteArray(report.report_id)},
      {"report_id_ma", ByteArray(report.report_id_ma)},
      {"chip_id", ByteArray(report.chip_id)},
      {"current", VersionJson(report.current_version)},
      {"committed", VersionJson(report.committed_version)},
      {"signature", {{"r", ByteArray(report.signature_r)}, {"s", ByteArray(report.signature_s)}}}};
  VEIL_TRY(AddTcbs(report, fields));
  // As the sev crate (6.3 and later) writes them: null where the report version lacks the field.
  fields["cpuid_fam_id"] = OrNull(report.cpuid, &Cpuid::family);
  fields["cpuid_mod_id"] = OrNull(report.cpuid, &Cpuid::model);
  fields["cpuid_step"] = OrNull(report.cpuid, &Cpuid::stepping);
  fields["launch_mit_vector"] = OrNull(report.launch_mit_vector);
  fields["current_mit_vector"] = OrNull(report.current_mit_vector);
  return fields;
}

json CertChainJson(std::span<const CertTableEntry> cert_chain) {
  if (cert_chain.empty()) return nullptr;
  json chain = json::array();
  for (const CertTableEntry& entry : cert_chain)
    chain.push_back({{"cert_type", entry.type}, {"data", ByteArray(entry.der)}});
  return chain;
}

}  // namespace

Result<json> ToCocoSnpEvidence(ByteSpan report, std::span<const CertTableEntry> cert_chain) {
  VEIL_ASSIGN_OR_RETURN(const Report parsed, ParseReport(report));
  VEIL_ASSIGN_OR_RETURN(json fields, ReportJson(parsed));
  return json{{"attestation_report", std::move(fields)}, {"cert_chain", CertChainJson(cert_chain)}};
}

}  // namespace veil::evidence::snp
