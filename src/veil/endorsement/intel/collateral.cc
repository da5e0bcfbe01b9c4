#include "veil/endorsement/intel/collateral.h"

#include "veil/base/hex.h"

namespace veil::endorsement::intel {

const SignedTcbInfo* Collateral::FindTcbInfo(TeeKind kind,
                                             const std::array<std::uint8_t, 6>& fmspc) const {
  for (const SignedTcbInfo& tcb_info : tcb_infos) {
    if (tcb_info.info.kind == kind && tcb_info.info.fmspc == fmspc) return &tcb_info;
  }
  return nullptr;
}

const SignedQeIdentity* Collateral::FindQeIdentity(EnclaveKind kind) const {
  for (const SignedQeIdentity& identity : qe_identities) {
    if (identity.identity.kind == kind) return &identity;
  }
  return nullptr;
}

const IssuedCrl* Collateral::PckCrl(PckCa ca) const {
  const std::optional<IssuedCrl>& crl =
      ca == PckCa::kPlatform ? pck_crl_platform : pck_crl_processor;
  return crl ? &*crl : nullptr;
}

Status AddTcbInfo(Collateral& collateral, SignedJson signed_json,
                  std::vector<crypto::Certificate> issuer_chain, std::string source) {
  auto info = ParseTcbInfo(signed_json.body);
  if (!info) return Fail(std::move(info).error().WithContext(source));
  if (collateral.FindTcbInfo(info->kind, info->fmspc) != nullptr) {
    return Fail(InvalidArgument(source + ": a second " + std::string(TeeKindName(info->kind)) +
                                " TCB Info for FMSPC " + HexEncode(info->fmspc)));
  }
  collateral.tcb_infos.push_back(
      {std::move(signed_json), *std::move(info), std::move(issuer_chain), std::move(source)});
  return {};
}

Status AddQeIdentity(Collateral& collateral, SignedJson signed_json,
                     std::vector<crypto::Certificate> issuer_chain, std::string source) {
  auto identity = ParseQeIdentity(signed_json.body);
  if (!identity) return Fail(std::move(identity).error().WithContext(source));
  if (collateral.FindQeIdentity(identity->kind) != nullptr) {
    return Fail(InvalidArgument(source + ": a second " +
                                std::string(EnclaveKindName(identity->kind)) + " identity"));
  }
  collateral.qe_identities.push_back(
      {std::move(signed_json), *std::move(identity), std::move(issuer_chain), std::move(source)});
  return {};
}

Status AddPckCrl(Collateral& collateral, IssuedCrl crl) {
  const std::string issuer = crl.crl.Issuer();
  std::optional<IssuedCrl>* slot = nullptr;
  if (issuer.find("CN=Intel SGX PCK Platform CA") != std::string::npos) {
    slot = &collateral.pck_crl_platform;
  } else if (issuer.find("CN=Intel SGX PCK Processor CA") != std::string::npos) {
    slot = &collateral.pck_crl_processor;
  } else {
    return Fail(InvalidArgument(crl.source + ": CRL issuer " + issuer +
                                " is neither the Intel SGX PCK Platform CA nor the Processor CA"));
  }
  if (slot->has_value()) {
    return Fail(InvalidArgument(crl.source + ": a second PCK CRL of " + issuer));
  }
  *slot = std::move(crl);
  return {};
}

}  // namespace veil::endorsement::intel
