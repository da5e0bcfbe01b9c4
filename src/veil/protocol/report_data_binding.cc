#include "veil/protocol/report_data_binding.h"

#include <string>

#include "veil/crypto/digest.h"
#include "veil/json/jcs.h"

namespace veil::protocol {

Result<Bytes> ReportDataBinding(std::string_view nonce, const nlohmann::json& tee_pubkey,
                                std::string_view additional_evidence) {
  const nlohmann::json binding = {
      {"additional-evidence", additional_evidence}, {"nonce", nonce}, {"tee-pubkey", tee_pubkey}};
  VEIL_ASSIGN_OR_RETURN(std::string canonical, json::CanonicalizeJcs(binding));
  Bytes report_data = crypto::Sha384(AsBytes(canonical));
  report_data.resize(kReportDataSize, 0);
  return report_data;
}

}  // namespace veil::protocol
