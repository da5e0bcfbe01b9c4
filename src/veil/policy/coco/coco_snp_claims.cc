#include "veil/policy/coco/coco_snp_claims.h"

#include <string>
#include <string_view>

#include "veil/policy/coco/coco_claim_copy.h"

namespace veil::policy::coco {
namespace {

using nlohmann::json;

// claims[object][member] as CoCo's `name`, when it has CoCo's JSON type (`has_type`): Veil's
// verifier always writes it so; a recorded file may not, and then nothing is added.
void Copy(json& claims, std::string_view object, std::string_view member, std::string_view name,
          bool (json::*has_type)() const noexcept) {
  const auto outer = claims.find(object);
  if (outer == claims.end() || !outer->is_object()) return;
  const auto inner = outer->find(member);
  if (inner == outer->end() || !((*inner).*has_type)()) return;
  claims[std::string(name)] = *inner;
}

}  // namespace

json WithCocoSnpNames(json claims) {
  if (!claims.is_object()) return claims;
  constexpr auto kNumber = &json::is_number_integer;
  constexpr auto kBoolean = &json::is_boolean;
  // report.policy (sev GuestPolicy): abi_* are u64 bit ranges, the flags single bits.
  Copy(claims, "policy", "abi_major", "policy_abi_major", kNumber);
  Copy(claims, "policy", "abi_minor", "policy_abi_minor", kNumber);
  Copy(claims, "policy", "smt", "policy_smt_allowed", kBoolean);
  Copy(claims, "policy", "migrate_ma", "policy_migrate_ma", kBoolean);
  Copy(claims, "policy", "debug", "policy_debug_allowed", kBoolean);
  Copy(claims, "policy", "single_socket", "policy_single_socket", kBoolean);
  // report.reported_tcb (sev TcbVersion, decoded per product as Veil's is): u8 each.
  Copy(claims, "reported_tcb", "bootloader", "reported_tcb_bootloader", kNumber);
  Copy(claims, "reported_tcb", "tee", "reported_tcb_tee", kNumber);
  Copy(claims, "reported_tcb", "snp", "reported_tcb_snp", kNumber);
  Copy(claims, "reported_tcb", "microcode", "reported_tcb_microcode", kNumber);
  // report.plat_info (sev PlatformInfo): single bits.
  Copy(claims, "platform_info", "tsme_enabled", "platform_tsme_enabled", kBoolean);
  Copy(claims, "platform_info", "smt_enabled", "platform_smt_enabled", kBoolean);
  // measurement and chip_id: CoCo's hex::encode is lower-case hex, as Veil's claims already are,
  // under the same names.
  return claims;
}

json CocoSnpInitData(const json& claims) { return StringClaimOrNull(claims, "host_data"); }

}  // namespace veil::policy::coco
