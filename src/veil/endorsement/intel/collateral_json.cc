#include "veil/endorsement/intel/collateral_json.h"

#include "veil/base/hex.h"
#include "veil/json/member.h"
#include "veil/json/parse.h"

namespace veil::endorsement::intel {
namespace {

using Json = nlohmann::json;

Result<std::string> Member(const Json& document, std::string_view name) {
  auto text = json::RequireString(document, name);
  if (!text) return Fail(Malformed("collateral: " + text.error().message));
  return *std::move(text);
}

Result<Bytes> HexBytes(const Json& document, std::string_view name) {
  VEIL_ASSIGN_OR_RETURN(const std::string text, Member(document, name));
  auto bytes = HexDecode(text);
  if (!bytes) return Fail(Malformed("collateral: \"" + std::string(name) + "\" is not hex"));
  return *std::move(bytes);
}

Result<std::vector<crypto::Certificate>> Chain(const Json& document, std::string_view name) {
  VEIL_ASSIGN_OR_RETURN(const std::string pem, Member(document, name));
  auto chain = crypto::Certificate::ChainFromPem(pem);
  if (!chain) {
    return Fail(Malformed("collateral: \"" + std::string(name) + "\": " + chain.error().message));
  }
  return *std::move(chain);
}

Result<crypto::Crl> Crl(const Json& document, std::string_view name) {
  VEIL_ASSIGN_OR_RETURN(const Bytes der, HexBytes(document, name));
  auto crl = crypto::Crl::FromDer(der);
  if (!crl)
    return Fail(Malformed("collateral: \"" + std::string(name) + "\": " + crl.error().message));
  return *std::move(crl);
}

Result<SignedJson> Signed(const Json& document, std::string_view body, std::string_view signature) {
  VEIL_ASSIGN_OR_RETURN(std::string text, Member(document, body));
  VEIL_ASSIGN_OR_RETURN(Bytes raw_signature, HexBytes(document, signature));
  return SignedJson{std::move(text), std::move(raw_signature)};
}

Status AddSignedItems(const Json& document, std::string_view source, Collateral& out) {
  VEIL_ASSIGN_OR_RETURN(SignedJson tcb_info, Signed(document, "tcb_info", "tcb_info_signature"));
  VEIL_ASSIGN_OR_RETURN(auto tcb_chain, Chain(document, "tcb_info_issuer_chain"));
  VEIL_TRY(AddTcbInfo(out, std::move(tcb_info), std::move(tcb_chain),
                      std::string(source) + " tcb_info"));
  VEIL_ASSIGN_OR_RETURN(SignedJson qe_identity,
                        Signed(document, "qe_identity", "qe_identity_signature"));
  VEIL_ASSIGN_OR_RETURN(auto qe_chain, Chain(document, "qe_identity_issuer_chain"));
  return AddQeIdentity(out, std::move(qe_identity), std::move(qe_chain),
                       std::string(source) + " qe_identity");
}

Status AddCrls(const Json& document, std::string_view source, Collateral& out) {
  VEIL_ASSIGN_OR_RETURN(crypto::Crl pck_crl, Crl(document, "pck_crl"));
  VEIL_ASSIGN_OR_RETURN(auto pck_chain, Chain(document, "pck_crl_issuer_chain"));
  VEIL_TRY(
      AddPckCrl(out, {std::move(pck_crl), std::move(pck_chain), std::string(source) + " pck_crl"}));
  VEIL_ASSIGN_OR_RETURN(crypto::Crl root_crl, Crl(document, "root_ca_crl"));
  out.root_ca_crl = IssuedCrl{std::move(root_crl), {}, std::string(source) + " root_ca_crl"};
  return {};
}

}  // namespace

Result<Collateral> ParseCollateralJson(std::string_view text, std::string_view source) {
  VEIL_ASSIGN_OR_RETURN(const Json document, json::ParseJsonObject(text, "collateral"));
  Collateral out;
  VEIL_TRY(AddSignedItems(document, source, out));
  VEIL_TRY(AddCrls(document, source, out));
  return out;
}

}  // namespace veil::endorsement::intel
