#pragma once
// The enclave claims of an SGX quote (the "claims" object of `veil evidence verify --tee sgx
// --json`, beside the DCAP claims of dcap_claims.h): mr_enclave, mr_signer, isv_prod_id, isv_svn,
// attributes, debug (ATTRIBUTES bit 1), misc_select, config_id, config_svn, isv_ext_prod_id,
// isv_family_id, report_data, cpu_svn, and from the header quote_version, qe_svn, pce_svn,
// qe_vendor_id, user_data. Byte strings are lower-case hex in quote order.

#include <nlohmann/json.hpp>

#include "veil/evidence/sgx/quote.h"

namespace veil::appraisal::sgx {

nlohmann::json QuoteClaims(const evidence::sgx::Quote& quote);

}  // namespace veil::appraisal::sgx
