#include "veil/evidence/tdx/td_report_body.h"

#include <string>

namespace veil::evidence::tdx {

Result<TdReportBody> ReadTdReportBody(ByteReader& reader, bool td15) {
  TdReportBody body;
  VEIL_ASSIGN_OR_RETURN(body.tee_tcb_svn, reader.Array<16>("TEE_TCB_SVN"));
  VEIL_ASSIGN_OR_RETURN(body.mr_seam, reader.Array<48>("MRSEAM"));
  VEIL_ASSIGN_OR_RETURN(body.mr_signer_seam, reader.Array<48>("MRSIGNERSEAM"));
  VEIL_ASSIGN_OR_RETURN(body.seam_attributes, reader.Array<8>("SEAMATTRIBUTES"));
  VEIL_ASSIGN_OR_RETURN(body.td_attributes, reader.Array<8>("TDATTRIBUTES"));
  VEIL_ASSIGN_OR_RETURN(body.xfam, reader.Array<8>("XFAM"));
  VEIL_ASSIGN_OR_RETURN(body.mr_td, reader.Array<48>("MRTD"));
  VEIL_ASSIGN_OR_RETURN(body.mr_config_id, reader.Array<48>("MRCONFIGID"));
  VEIL_ASSIGN_OR_RETURN(body.mr_owner, reader.Array<48>("MROWNER"));
  VEIL_ASSIGN_OR_RETURN(body.mr_owner_config, reader.Array<48>("MROWNERCONFIG"));
  for (std::size_t i = 0; i < body.rtmr.size(); ++i) {
    VEIL_ASSIGN_OR_RETURN(body.rtmr[i], reader.Array<48>("RTMR" + std::to_string(i)));
  }
  VEIL_ASSIGN_OR_RETURN(body.report_data, reader.Array<64>("REPORTDATA"));
  if (td15) {
    Td15Extension extension;
    VEIL_ASSIGN_OR_RETURN(extension.tee_tcb_svn2, reader.Array<16>("TEE_TCB_SVN2"));
    VEIL_ASSIGN_OR_RETURN(extension.mr_service_td, reader.Array<48>("MRSERVICETD"));
    body.td15 = extension;
  }
  return body;
}

}  // namespace veil::evidence::tdx
