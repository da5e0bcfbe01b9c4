#include "veil/appraisal/snp/report_claims.h"

#include <cstdio>

#include "veil/base/hex.h"
#include "veil/evidence/snp/guest_policy.h"
#include "veil/evidence/snp/tcb_version.h"

namespace veil::appraisal::snp {
namespace {

using nlohmann::json;
namespace ev = evidence::snp;

json TcbClaims(std::uint64_t raw, ev::Product product) {
  const ev::TcbVersion tcb = ev::DecodeTcbVersion(raw, product);
  json out = {{"bootloader", tcb.boot_loader},
              {"tee", tcb.tee},
              {"snp", tcb.snp},
              {"microcode", tcb.microcode},
              {"raw", HexU64(raw)}};
  if (tcb.fmc) out["fmc"] = *tcb.fmc;
  return out;
}

json PolicyClaims(std::uint64_t raw, const ev::GuestPolicy& policy) {
  return {{"raw", HexU64(raw)},
          {"abi_major", policy.abi_major},
          {"abi_minor", policy.abi_minor},
          {"smt", policy.smt},
          {"migrate_ma", policy.migrate_ma},
          {"debug", policy.debug},
          {"single_socket", policy.single_socket},
          {"cxl_allow", policy.cxl_allow},
          {"mem_aes_256_xts", policy.mem_aes_256_xts},
          {"rapl_dis", policy.rapl_dis},
          {"ciphertext_hiding", policy.ciphertext_hiding},
          {"page_swap_disable", policy.page_swap_disable}};
}

json PlatformInfoClaims(std::uint64_t raw) {
  const ev::PlatformInfo info = ev::DecodePlatformInfo(raw);
  return {{"raw", HexU64(raw)},
          {"smt_enabled", info.smt_enabled},
          {"tsme_enabled", info.tsme_enabled},
          {"ecc_enabled", info.ecc_enabled},
          {"rapl_disabled", info.rapl_disabled},
          {"ciphertext_hiding_enabled", info.ciphertext_hiding_enabled},
          {"alias_check_complete", info.alias_check_complete}};
}

json VersionClaims(const ev::FirmwareVersion& version) {
  return {{"major", version.major}, {"minor", version.minor}, {"build", version.build}};
}

std::string SigningKeyName(ev::SigningKey key) {
  switch (key) {
    case ev::SigningKey::kVcek:
      return "vcek";
    case ev::SigningKey::kVlek:
      return "vlek";
    case ev::SigningKey::kNone:
      return "none";
  }
  return "unknown";
}

}  // namespace

json ReportClaims(const ev::Report& report, ev::Product product, const ev::GuestPolicy& policy) {
  json claims = {
      {"version", report.version},
      {"product", ev::ProductName(product)},
      {"guest_svn", report.guest_svn},
      {"policy", PolicyClaims(report.policy, policy)},
      {"family_id", HexEncode(report.family_id)},
      {"image_id", HexEncode(report.image_id)},
      {"vmpl", report.vmpl},
      {"signature_algo", report.signature_algo},
      {"platform_info", PlatformInfoClaims(report.platform_info)},
      {"author_key_en", report.author_key_en},
      {"mask_chip_key", report.mask_chip_key},
      {"signing_key", SigningKeyName(report.signing_key)},
      {"report_data", HexEncode(report.report_data)},
      {"measurement", HexEncode(report.measurement)},
      {"host_data", HexEncode(report.host_data)},
      {"id_key_digest", HexEncode(report.id_key_digest)},
      {"author_key_digest", HexEncode(report.author_key_digest)},
      {"report_id", HexEncode(report.report_id)},
      {"report_id_ma", HexEncode(report.report_id_ma)},
      {"chip_id", HexEncode(report.chip_id)},
      {"current_tcb", TcbClaims(report.current_tcb, product)},
      {"reported_tcb", TcbClaims(report.reported_tcb, product)},
      {"committed_tcb", TcbClaims(report.committed_tcb, product)},
      {"launch_tcb", TcbClaims(report.launch_tcb, product)},
      {"current_version", VersionClaims(report.current_version)},
      {"committed_version", VersionClaims(report.committed_version)},
  };
  if (report.cpuid) {
    claims["cpuid"] = {{"family", report.cpuid->family},
                       {"model", report.cpuid->model},
                       {"stepping", report.cpuid->stepping}};
  }
  if (report.launch_mit_vector) claims["launch_mit_vector"] = HexU64(*report.launch_mit_vector);
  if (report.current_mit_vector) claims["current_mit_vector"] = HexU64(*report.current_mit_vector);
  return claims;
}

}  // namespace veil::appraisal::snp
