#include "veil/appraisal/tdx/quote_claims.h"

#include "veil/base/hex.h"

namespace veil::appraisal::tdx {

nlohmann::json QuoteClaims(const evidence::tdx::Quote& quote) {
  const evidence::tdx::TdReportBody& body = quote.body;
  nlohmann::json claims = {
      {"quote_version", quote.header.version},
      {"qe_vendor_id", HexEncode(quote.header.qe_vendor_id)},
      {"user_data", HexEncode(quote.header.user_data)},
      {"tee_tcb_svn", HexEncode(body.tee_tcb_svn)},
      {"mr_seam", HexEncode(body.mr_seam)},
      {"mr_signer_seam", HexEncode(body.mr_signer_seam)},
      {"seam_attributes", HexEncode(body.seam_attributes)},
      {"td_attributes", HexEncode(body.td_attributes)},
      // TDX module ABI, TDINFO_STRUCT ATTRIBUTES: bit 0 DEBUG.
      {"debug", (body.td_attributes[0] & 0x01U) != 0},
      {"xfam", HexEncode(body.xfam)},
      {"mr_td", HexEncode(body.mr_td)},
      {"mr_config_id", HexEncode(body.mr_config_id)},
      {"mr_owner", HexEncode(body.mr_owner)},
      {"mr_owner_config", HexEncode(body.mr_owner_config)},
      {"rtmr0", HexEncode(body.rtmr[0])},
      {"rtmr1", HexEncode(body.rtmr[1])},
      {"rtmr2", HexEncode(body.rtmr[2])},
      {"rtmr3", HexEncode(body.rtmr[3])},
      {"report_data", HexEncode(body.report_data)},
  };
  if (body.td15) {
    claims["tee_tcb_svn2"] = HexEncode(body.td15->tee_tcb_svn2);
    claims["mr_service_td"] = HexEncode(body.td15->mr_service_td);
  }
  return claims;
}

}  // namespace veil::appraisal::tdx
