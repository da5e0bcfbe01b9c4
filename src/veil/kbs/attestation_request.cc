#include "veil/kbs/attestation_request.h"

#include "veil/json/member.h"
#include "veil/json/parse.h"
#include "veil/protocol/report_data_binding.h"

namespace veil::kbs {
namespace {

using nlohmann::json;

Error RequestError(std::string message) {
  return Error{ErrorCode::kMalformed, std::move(message), "attest request"};
}

Result<std::optional<std::string>> ParseInitData(const json& body) {
  const json* init_data = ::veil::json::FindMember(body, "init-data");
  if (init_data == nullptr || init_data->is_null()) return std::optional<std::string>{};
  if (!init_data->is_object()) return Fail(RequestError("init-data must be an object"));
  VEIL_ASSIGN_OR_RETURN(std::string format, ::veil::json::RequireString(*init_data, "format"));
  if (format != "toml")
    return Fail(RequestError("init-data format \"" + format + "\" is not \"toml\""));
  VEIL_ASSIGN_OR_RETURN(std::string text, ::veil::json::RequireString(*init_data, "body"));
  return std::optional<std::string>(std::move(text));
}

}  // namespace

Result<AttestationRequest> ParseAttestationRequest(std::string_view body_text) {
  VEIL_ASSIGN_OR_RETURN(const json body,
                        ::veil::json::ParseJsonObject(body_text, "the attest request"));
  AttestationRequest request;
  VEIL_ASSIGN_OR_RETURN(request.init_data_toml, ParseInitData(body));

  VEIL_ASSIGN_OR_RETURN(const json* runtime, ::veil::json::RequireObject(body, "runtime-data"));
  VEIL_ASSIGN_OR_RETURN(request.nonce, ::veil::json::RequireString(*runtime, "nonce"));
  VEIL_ASSIGN_OR_RETURN(const json* pubkey, ::veil::json::RequireObject(*runtime, "tee-pubkey"));
  request.tee_pubkey = *pubkey;

  VEIL_ASSIGN_OR_RETURN(const json* evidence, ::veil::json::RequireObject(body, "tee-evidence"));
  const json* primary = ::veil::json::FindMember(*evidence, "primary_evidence");
  if (primary == nullptr) return Fail(RequestError("missing \"primary_evidence\" in tee-evidence"));
  request.primary_evidence = *primary;
  const json* additional = ::veil::json::FindMember(*evidence, "additional_evidence");
  if (additional != nullptr && !additional->is_null()) {
    if (!additional->is_string())
      return Fail(RequestError("tee-evidence.additional_evidence must be a JSON string"));
    request.additional_evidence = additional->get<std::string>();
  }
  return request;
}

Result<Bytes> ExpectedReportData(const AttestationRequest& request) {
  return protocol::ReportDataBinding(request.nonce, request.tee_pubkey,
                                     request.additional_evidence);
}

}  // namespace veil::kbs
