#pragma once
// The claims every DCAP quote verification adds (the same in the "claims" object of `veil
// evidence verify --tee tdx|sgx --json`): fmspc, pce_id, pck_ca, tcb_status, advisory_ids,
// tcb_date, qe_tcb_status, qe_advisory_ids, collateral_expiry (the earliest nextUpdate of the
// collateral used; RFC 3339), and tdx_module_id when a TDX module identity was matched. Byte
// strings are lower-case hex. `tcb_status` is the platform's (merged with the TDX module's); the
// QE's status stays apart in `qe_tcb_status` (Intel's QVL folds an OutOfDate QE into one result;
// Veil leaves both to policy).

#include <nlohmann/json.hpp>

#include "veil/appraisal/dcap/verify_dcap.h"

namespace veil::appraisal::dcap {

void AddDcapClaims(const DcapVerdict& verdict, nlohmann::json& claims);

}  // namespace veil::appraisal::dcap
