#include "veil/appraisal/sgx/quote_claims.h"

#include "veil/base/hex.h"

namespace veil::appraisal::sgx {

nlohmann::json QuoteClaims(const evidence::sgx::Quote& quote) {
  const evidence::dcap::SgxReportBody& body = quote.body;
  return {
      {"quote_version", quote.header.version},
      {"qe_svn", quote.header.qe_svn},
      {"pce_svn", quote.header.pce_svn},
      {"qe_vendor_id", HexEncode(quote.header.qe_vendor_id)},
      {"user_data", HexEncode(quote.header.user_data)},
      {"cpu_svn", HexEncode(body.cpu_svn)},
      {"misc_select", body.misc_select},
      {"isv_ext_prod_id", HexEncode(body.isv_ext_prod_id)},
      {"attributes", HexEncode(body.attributes)},
      // SGX SECS ATTRIBUTES.FLAGS: bit 1 DEBUG.
      {"debug", (body.attributes[0] & 0x02U) != 0},
      {"mr_enclave", HexEncode(body.mr_enclave)},
      {"mr_signer", HexEncode(body.mr_signer)},
      {"config_id", HexEncode(body.config_id)},
      {"isv_prod_id", body.isv_prod_id},
      {"isv_svn", body.isv_svn},
      {"config_svn", body.config_svn},
      {"isv_family_id", HexEncode(body.isv_family_id)},
      {"report_data", HexEncode(body.report_data)},
  };
}

}  // namespace veil::appraisal::sgx
