#pragma once
// Veil's SGX claims (appraisal/sgx/quote_claims.h, appraisal/dcap/dcap_claims.h) with the names
// CoCo's SGX verifier gives them added (trustee deps/verifier/src/sgx/claims.rs
// generate_parsed_claims, and the DCAP claims of intel_dcap/claims.rs), as CoCo policies read
// them:
//   header.{version, att_key_type, att_key_data_0, qe_svn, pce_svn, vendor_id, user_data}
//   body.{cpu_svn, misc_select, isv_ext_prod_id, attributes.flags, attributes.xfrm, mr_enclave,
//         mr_signer, config_id, isv_prod_id, isv_svn, config_svn, isv_family_id, report_data}
//         lower-case hex of the raw little-endian fields; "attributes.flags" and
//         "attributes.xfrm" are single keys holding a dot, as CoCo spells them
//   tcb_status, advisory_ids, tcb_date                   Veil's values, under the same names
//   collateral_expiration_status                         "0": Veil verifies a quote only
//                                                        against collateral valid at that time
// CoCo's reserved body fields and platform_instance_id are not produced: Veil's claims do not
// carry them, and a claim Veil's object lacks is not invented. CoCo's init_data (CONFIGID) and
// report_data leave the TEE's claims for the top of the input (CocoSgxInitData).

#include <nlohmann/json.hpp>

namespace veil::policy::coco {

nlohmann::json WithCocoSgxNames(nlohmann::json claims);

// CoCo's top-level init_data for SGX: CONFIGID in lower-case hex (Veil's config_id claim); null
// when the claims have none.
nlohmann::json CocoSgxInitData(const nlohmann::json& claims);

}  // namespace veil::policy::coco
