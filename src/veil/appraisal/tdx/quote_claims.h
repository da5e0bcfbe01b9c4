#pragma once
// The TD claims of a TDX quote (the "claims" object of `veil evidence verify --tee tdx --json`,
// beside the DCAP claims of dcap_claims.h): mr_td, rtmr0..rtmr3, mr_config_id, mr_owner,
// mr_owner_config, mr_seam, mr_signer_seam, seam_attributes, td_attributes, debug
// (TDATTRIBUTES bit 0), xfam, report_data, tee_tcb_svn, quote_version, the header's qe_vendor_id
// and user_data, and for TD 1.5 bodies
// mr_service_td and tee_tcb_svn2. Byte strings are lower-case hex in quote order.

#include <nlohmann/json.hpp>

#include "veil/evidence/tdx/quote.h"

namespace veil::appraisal::tdx {

nlohmann::json QuoteClaims(const evidence::tdx::Quote& quote);

}  // namespace veil::appraisal::tdx
