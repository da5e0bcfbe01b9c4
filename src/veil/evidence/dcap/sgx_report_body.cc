#include "veil/evidence/dcap/sgx_report_body.h"

#include <string>

namespace veil::evidence::dcap {

Result<SgxReportBody> ReadSgxReportBody(ByteReader& reader, std::string_view what) {
  const std::string prefix = std::string(what) + " ";
  auto field = [&prefix](std::string_view name) { return prefix + std::string(name); };
  SgxReportBody body;
  VEIL_ASSIGN_OR_RETURN(body.cpu_svn, reader.Array<16>(field("CPUSVN")));
  VEIL_ASSIGN_OR_RETURN(body.misc_select, reader.U32Le(field("MISCSELECT")));
  VEIL_TRY(reader.SkipZeros(12, field("RESERVED at 0x014")));
  VEIL_ASSIGN_OR_RETURN(body.isv_ext_prod_id, reader.Array<16>(field("ISVEXTPRODID")));
  VEIL_ASSIGN_OR_RETURN(body.attributes, reader.Array<16>(field("ATTRIBUTES")));
  VEIL_ASSIGN_OR_RETURN(body.mr_enclave, reader.Array<32>(field("MRENCLAVE")));
  VEIL_TRY(reader.SkipZeros(32, field("RESERVED at 0x060")));
  VEIL_ASSIGN_OR_RETURN(body.mr_signer, reader.Array<32>(field("MRSIGNER")));
  VEIL_TRY(reader.SkipZeros(32, field("RESERVED at 0x0A0")));
  VEIL_ASSIGN_OR_RETURN(body.config_id, reader.Array<64>(field("CONFIGID")));
  VEIL_ASSIGN_OR_RETURN(body.isv_prod_id, reader.U16Le(field("ISVPRODID")));
  VEIL_ASSIGN_OR_RETURN(body.isv_svn, reader.U16Le(field("ISVSVN")));
  VEIL_ASSIGN_OR_RETURN(body.config_svn, reader.U16Le(field("CONFIGSVN")));
  VEIL_TRY(reader.SkipZeros(42, field("RESERVED at 0x106")));
  VEIL_ASSIGN_OR_RETURN(body.isv_family_id, reader.Array<16>(field("ISVFAMILYID")));
  VEIL_ASSIGN_OR_RETURN(body.report_data, reader.Array<64>(field("REPORTDATA")));
  return body;
}

}  // namespace veil::evidence::dcap
