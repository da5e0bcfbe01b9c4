#include "veil/protocol/report_data_binding.h"

#include <string>

#include "veil/crypto/digest.h"
#include "veil/json/jcs.h"

namespace veil::protocol {

namespace {

crypto::DigestAlgorithm DigestOf(BindingHash hash) {
  switch (hash) {
    case BindingHash::kSha256:
      return crypto::DigestAlgorithm::kSha256;
    case BindingHash::kSha384:
      return crypto::DigestAlgorithm::kSha384;
    case BindingHash::kSha512:
      return crypto::DigestAlgorithm::kSha512;
  }
  return crypto::DigestAlgorithm::kSha384;
}

}  // namespace

Result<Bytes> ReportDataBinding(std::string_view nonce, const nlohmann::json& tee_pubkey,
                                std::string_view additional_evidence, BindingHash hash) {
  const nlohmann::json binding = {
      {"additional-evidence", additional_evidence}, {"nonce", nonce}, {"tee-pubkey", tee_pubkey}};
  VEIL_ASSIGN_OR_RETURN(std::string canonical, json::CanonicalizeJcs(binding));
  Bytes report_data = crypto::Digest(DigestOf(hash), AsBytes(canonical));
  report_data.resize(kReportDataSize, 0);
  return report_data;
}

}  // namespace veil::protocol
