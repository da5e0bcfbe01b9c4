#include "veil/endorsement/intel/collateral_verify.h"

#include "veil/base/hex.h"
#include "veil/crypto/chain.h"
#include "veil/endorsement/intel/revocation.h"
#include "veil/endorsement/intel/root.h"

namespace veil::endorsement::intel {
namespace {

const crypto::Crl* RootCrlOf(const Collateral& collateral) {
  return collateral.root_ca_crl ? &collateral.root_ca_crl->crl : nullptr;
}

// The PCK CA of a PCK CRL's issuer chain (CA first, optionally the bundled root).
Result<crypto::Certificate> VerifyPckCa(const IssuedCrl& crl, const crypto::Crl* root_ca_crl,
                                        TimePoint at, const crypto::Certificate& root) {
  const auto& chain = crl.issuer_chain;
  if (chain.size() > 2 || (chain.size() == 2 && !IsTrustedRoot(chain[1], root))) {
    return Fail(VerificationFailed(crl.source + ": issuer chain is not the PCK CA and the trusted "
                                                "Intel SGX Root CA"));
  }
  VEIL_TRY(PckCaOf(chain[0]));
  if (auto chained = crypto::VerifyChain({chain[0], {}, {&root, 1}, at}); !chained) {
    return Fail(VerificationFailed(crl.source + ": issuer chain: " + chained.error().message));
  }
  if (root_ca_crl != nullptr) {
    VEIL_TRY(CheckNotRevoked(*root_ca_crl, "root CA CRL", root, chain[0], at));
  }
  return chain[0];
}

}  // namespace

std::string DescribeTcbInfo(const SignedTcbInfo& tcb_info) {
  return std::string(TeeKindName(tcb_info.info.kind)) + " TCB Info for FMSPC " +
         HexEncode(tcb_info.info.fmspc) + " (from " + tcb_info.source + ")";
}

std::string DescribeQeIdentity(const SignedQeIdentity& identity) {
  return std::string(EnclaveKindName(identity.identity.kind)) + " identity (from " +
         identity.source + ")";
}

Status VerifyRootCaCrl(const IssuedCrl& crl, TimePoint at, const crypto::Certificate& root) {
  const std::string item = "root CA CRL (from " + crl.source + ")";
  if (auto signed_by = crl.crl.VerifyIssuedBy(root); !signed_by) {
    return Fail(VerificationFailed(item + ": " + signed_by.error().message));
  }
  return CheckCrlCurrent(crl.crl, item, at);
}

Status VerifyPckCrl(const IssuedCrl& crl, const crypto::Crl* root_ca_crl, TimePoint at,
                    const crypto::Certificate& root) {
  const std::string item = "PCK CRL (from " + crl.source + ")";
  if (!crl.issuer_chain.empty()) {
    VEIL_ASSIGN_OR_RETURN(const crypto::Certificate ca, VerifyPckCa(crl, root_ca_crl, at, root));
    if (auto signed_by = crl.crl.VerifyIssuedBy(ca); !signed_by) {
      return Fail(VerificationFailed(item + ": " + signed_by.error().message));
    }
  }
  return CheckCrlCurrent(crl.crl, item, at);
}

Status VerifyTcbInfo(const SignedTcbInfo& tcb_info, const crypto::Crl* root_ca_crl, TimePoint at,
                     const crypto::Certificate& root) {
  const std::string item = DescribeTcbInfo(tcb_info);
  auto signer = VerifyTcbSigningChain(tcb_info.issuer_chain, root_ca_crl, at, root);
  if (!signer) return Fail(VerificationFailed(item + ": " + signer.error().message));
  VEIL_TRY(
      VerifySignedBody(tcb_info.signed_json.body, tcb_info.signed_json.signature, *signer, item));
  return CheckIssueWindow(tcb_info.info.issue_date, tcb_info.info.next_update, item, at);
}

Status VerifyQeIdentity(const SignedQeIdentity& identity, const crypto::Crl* root_ca_crl,
                        TimePoint at, const crypto::Certificate& root) {
  const std::string item = DescribeQeIdentity(identity);
  auto signer = VerifyTcbSigningChain(identity.issuer_chain, root_ca_crl, at, root);
  if (!signer) return Fail(VerificationFailed(item + ": " + signer.error().message));
  VEIL_TRY(
      VerifySignedBody(identity.signed_json.body, identity.signed_json.signature, *signer, item));
  return CheckIssueWindow(identity.identity.issue_date, identity.identity.next_update, item, at);
}

Status VerifyCollateral(const Collateral& collateral, TimePoint at,
                        const crypto::Certificate& root) {
  if (collateral.root_ca_crl) VEIL_TRY(VerifyRootCaCrl(*collateral.root_ca_crl, at, root));
  const crypto::Crl* root_crl = RootCrlOf(collateral);
  for (const auto* crl :
       {collateral.PckCrl(PckCa::kPlatform), collateral.PckCrl(PckCa::kProcessor)}) {
    if (crl != nullptr) VEIL_TRY(VerifyPckCrl(*crl, root_crl, at, root));
  }
  for (const SignedTcbInfo& tcb_info : collateral.tcb_infos) {
    VEIL_TRY(VerifyTcbInfo(tcb_info, root_crl, at, root));
  }
  for (const SignedQeIdentity& identity : collateral.qe_identities) {
    VEIL_TRY(VerifyQeIdentity(identity, root_crl, at, root));
  }
  return {};
}

}  // namespace veil::endorsement::intel
