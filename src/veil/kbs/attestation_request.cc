#include "veil/kbs/attestation_request.h"

#include <map>
#include <set>

#include "veil/base/log_safe.h"
#include "veil/json/member.h"
#include "veil/json/parse.h"
#include "veil/kbs/tee_evidence.h"
#include "veil/protocol/report_data_binding.h"
#include "veil/protocol/wire_text.h"

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

// The JWK is kept with the session's token and copied into it: only the members its kty needs,
// plus "alg", "use" and "kid", and a bounded size. (60,000 extra members made each session cost
// about 12 MB.)
Status CheckTeePubkeyShape(const json& jwk) {
  static const std::map<std::string, std::set<std::string>, std::less<>> kMembers = {
      {"EC", {"crv", "x", "y"}}, {"RSA", {"n", "e"}}, {"OKP", {"crv", "x"}}};
  VEIL_ASSIGN_OR_RETURN(const std::string kty, ::veil::json::RequireString(jwk, "kty"));
  const auto needed = kMembers.find(kty);
  if (needed == kMembers.end())
    return Fail(RequestError("tee-pubkey kty \"" + LogSafe(kty, 16) + "\" is not EC, RSA or OKP"));
  for (const auto& [name, value] : jwk.items()) {
    if (name == "kty" || name == "alg" || name == "use" || name == "kid" ||
        needed->second.contains(name))
      continue;
    return Fail(RequestError("tee-pubkey: expected only kty, alg, use, kid and the " + kty +
                             " members, got \"" + LogSafe(name, 32) + "\""));
  }
  const std::size_t size = jwk.dump().size();
  if (size > kMaxTeePubkeyBytes) {
    return Fail(RequestError("tee-pubkey: expected at most " + std::to_string(kMaxTeePubkeyBytes) +
                             " bytes of JSON, got " + std::to_string(size)));
  }
  return {};
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
  VEIL_TRY(CheckTeePubkeyShape(*pubkey));
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

Result<Bytes> ExpectedReportData(const AttestationRequest& request, protocol::BindingHash hash) {
  return protocol::ReportDataBinding(request.nonce, request.tee_pubkey, request.additional_evidence,
                                     hash);
}

Result<AuthRequest> ParseAuthRequest(std::string_view body) {
  VEIL_ASSIGN_OR_RETURN(json request, ::veil::json::ParseJsonObject(body, "auth request"));
  VEIL_ASSIGN_OR_RETURN(std::string version, ::veil::json::RequireString(request, "version"));
  if (version != kProtocolVersion) {
    return Fail(InvalidArgument("protocol version " + protocol::QuoteWireText(version) +
                                " is not supported (expected " + std::string(kProtocolVersion) +
                                ")"));
  }
  VEIL_ASSIGN_OR_RETURN(std::string wire, ::veil::json::RequireString(request, "tee"));
  VEIL_ASSIGN_OR_RETURN(protocol::TeeKind tee, protocol::ParseTeeKind(wire));
  if (!CanAppraise(tee)) {
    return Fail(Unsupported("TEE \"" + std::string(protocol::TeeKindName(tee)) +
                            "\" is not supported (snp, tdx, sgx, tpm, sample)"));
  }
  const json* extra_params = ::veil::json::FindMember(request, "extra-params");
  VEIL_ASSIGN_OR_RETURN(
      protocol::BindingHash binding_hash,
      protocol::NegotiateBindingHash(extra_params != nullptr ? *extra_params : json()));
  return AuthRequest{tee, binding_hash};
}

}  // namespace veil::kbs
