#pragma once
// Veil's SNP claims (appraisal/snp/report_claims.h) with the names CoCo's SNP verifier gives
// them added (trustee deps/verifier/src/snp/mod.rs, parse_tee_evidence), in CoCo's JSON types:
//   policy_abi_major, policy_abi_minor                   number  (policy.abi_major, .abi_minor)
//   policy_smt_allowed, policy_migrate_ma,
//   policy_debug_allowed, policy_single_socket           boolean (policy.smt, .migrate_ma,
//                                                                  .debug, .single_socket)
//   reported_tcb_bootloader, _tee, _snp, _microcode      number  (reported_tcb.bootloader, ...)
//   platform_tsme_enabled, platform_smt_enabled          boolean (platform_info.tsme_enabled, ...)
//   measurement, chip_id                                 lower-case hex, the same names as Veil's
// CoCo's report_data and init_data are not among them: its transform_claims moves both out of
// the TEE's claims to the top of the input (see CocoSnpInitData). Veil's names stay. A claim
// Veil's object lacks (recorded claims of another shape) is not invented.

#include <nlohmann/json.hpp>

namespace veil::policy::coco {

nlohmann::json WithCocoSnpNames(nlohmann::json claims);

// CoCo's top-level init_data for SNP: HOST_DATA in lower-case hex (Veil's host_data claim),
// given whether or not the guest sent init-data; null when the claims have no host_data.
nlohmann::json CocoSnpInitData(const nlohmann::json& claims);

}  // namespace veil::policy::coco
