#include "veil/appraisal/dcap/dcap_claims.h"

#include <string>

#include "veil/base/hex.h"
#include "veil/base/rfc3339.h"
#include "veil/endorsement/intel/pck_chain.h"
#include "veil/endorsement/intel/tcb_status.h"

namespace veil::appraisal::dcap {

void AddDcapClaims(const DcapVerdict& verdict, nlohmann::json& claims) {
  namespace intel = endorsement::intel;
  claims["fmspc"] = HexEncode(verdict.fmspc);
  claims["pce_id"] = HexEncode(verdict.pce_id);
  claims["pck_ca"] = std::string(intel::PckCaName(verdict.pck_ca));
  claims["tcb_status"] = std::string(intel::TcbStatusName(verdict.tcb.status));
  claims["advisory_ids"] = verdict.tcb.advisory_ids;
  claims["tcb_date"] = FormatRfc3339(verdict.tcb.tcb_date);
  claims["qe_tcb_status"] = std::string(intel::TcbStatusName(verdict.qe_level.status));
  claims["qe_advisory_ids"] = verdict.qe_level.advisory_ids;
  claims["collateral_expiry"] = FormatRfc3339(verdict.collateral_expiry);
  if (verdict.tcb.tdx_module_id) claims["tdx_module_id"] = *verdict.tcb.tdx_module_id;
}

}  // namespace veil::appraisal::dcap
