#pragma once
// Veil's TDX claims (appraisal/tdx/quote_claims.h, appraisal/dcap/dcap_claims.h) with the names
// CoCo's TDX verifier gives them added (trustee deps/verifier/src/tdx/claims.rs
// generate_parsed_claim, and the DCAP claims of intel_dcap/claims.rs), as CoCo's default
// attestation policy reads them:
//   quote.header.{version, att_key_type, tee_type, vendor_id, user_data}  lower-case hex of the
//                                                       little-endian header fields
//   quote.body.{tcb_svn, mr_seam, mrsigner_seam, seam_attributes, td_attributes, xfam, mr_td,
//               mr_config_id, mr_owner, mr_owner_config, rtmr_0..rtmr_3, report_data}
//               and, for a TD 1.5 body, tee_tcb_svn2 and mr_servicetd;   lower-case hex
//   quote.type, quote.size (v5 quotes only)              hex of the u16 / u32 little-endian
//   td_attributes.{debug, septve_disable, protection_keys, key_locker, perfmon}   boolean
//   tcb_status, advisory_ids, tcb_date                   Veil's values, under the same names
//   collateral_expiration_status                         "0": Veil verifies a quote only
//                                                        against collateral valid at that time
//   uefi_event_logs[i].{index, type_name, digests[{alg: "SHA-384", digest}],
//                       digest_matches_event, details: {}}   when the CCEL was replayed: one per
//                                                        measured event of Veil's ccel.events
// CoCo's `td_attributes` object replaces Veil's hex string of the same name in this input (the
// hex stays at quote.body.td_attributes). CoCo's init_data and report_data leave the TEE's
// claims for the top of the input (CocoTdxInitData). In uefi_event_logs, CoCo's raw `event` data
// and the `details` it parses from it are not produced (Veil's claims do not carry event data),
// nor are EV_NO_ACTION entries. A claim Veil's object lacks is not invented.

#include <nlohmann/json.hpp>

namespace veil::policy::coco {

nlohmann::json WithCocoTdxNames(nlohmann::json claims);

// CoCo's top-level init_data for TDX: MRCONFIGID in lower-case hex (Veil's mr_config_id claim);
// null when the claims have none.
nlohmann::json CocoTdxInitData(const nlohmann::json& claims);

}  // namespace veil::policy::coco
