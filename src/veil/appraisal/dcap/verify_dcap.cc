#include "veil/appraisal/dcap/verify_dcap.h"

#include <algorithm>
#include <string>
#include <vector>

#include "veil/appraisal/dcap/quote_signatures.h"
#include "veil/base/hex.h"
#include "veil/base/rfc3339.h"
#include "veil/crypto/certificate.h"
#include "veil/endorsement/intel/collateral_verify.h"
#include "veil/endorsement/intel/pck_chain.h"
#include "veil/endorsement/intel/qe_identity.h"
#include "veil/endorsement/intel/tcb_status.h"

namespace veil::appraisal::dcap {
namespace {

namespace intel = endorsement::intel;

// The error, named after the step it failed in (unless it already is: endorsement/intel names
// "PCK chain" in its messages).
Error InStep(Error error, std::string_view step) {
  const std::string_view named = error.context.empty() ? error.message : error.context;
  if (named == step || named.starts_with(std::string(step) + ":")) return error;
  return std::move(error).WithContext(step);
}

Status Step(Status status, std::string_view step) {
  if (!status) return Fail(InStep(std::move(status).error(), step));
  return {};
}

template <class T>
Result<T> Step(Result<T> result, std::string_view step) {
  if (!result) return Fail(InStep(std::move(result).error(), step));
  return result;
}

struct UsedCollateral {
  const intel::IssuedCrl* root_ca_crl = nullptr;
  const intel::IssuedCrl* pck_crl = nullptr;
  const intel::SignedTcbInfo* tcb_info = nullptr;
  const intel::SignedQeIdentity* qe_identity = nullptr;
};

Result<intel::VerifiedPck> VerifyPck(const DcapQuote& quote, const intel::Collateral& collateral,
                                     TimePoint at, UsedCollateral& used) {
  const std::string& pem = quote.signature_data.qe_certification.pck_chain_pem;
  VEIL_ASSIGN_OR_RETURN(std::vector<crypto::Certificate> chain,
                        intel::ParsePckChainPem(AsBytes(pem)));
  VEIL_ASSIGN_OR_RETURN(const intel::PckCa ca, intel::PckCaOf(chain[1]));
  used.pck_crl = collateral.PckCrl(ca);
  if (used.pck_crl == nullptr) {
    return Fail(VerificationFailed("the collateral holds no PCK CRL of the " +
                                   std::string(intel::PckCaName(ca)) +
                                   " CA, which issued the quote's PCK certificate"));
  }
  if (!collateral.root_ca_crl) {
    return Fail(VerificationFailed("the collateral holds no root CA CRL"));
  }
  used.root_ca_crl = &*collateral.root_ca_crl;
  return intel::VerifyPckChain(
      {chain, used.pck_crl->crl, used.root_ca_crl->crl, at, quote.intel_root});
}

Status FindTcbInfo(const DcapQuote& quote, const intel::Collateral& collateral,
                   const intel::SgxExtensions& pck, UsedCollateral& used) {
  used.tcb_info = collateral.FindTcbInfo(quote.kind, pck.fmspc);
  if (used.tcb_info == nullptr) {
    return Fail(VerificationFailed(
        "the collateral holds no " + std::string(intel::TeeKindName(quote.kind)) +
        " TCB Info for FMSPC " + HexEncode(pck.fmspc) + " (the PCK certificate's)"));
  }
  return intel::CheckTcbInfoForPck(used.tcb_info->info, pck);
}

Status VerifyUsedCollateral(const DcapQuote& quote, const intel::Collateral& collateral,
                            TimePoint at, UsedCollateral& used) {
  const intel::EnclaveKind qe_kind =
      quote.kind == intel::TeeKind::kTdx ? intel::EnclaveKind::kTdQe : intel::EnclaveKind::kQe;
  used.qe_identity = collateral.FindQeIdentity(qe_kind);
  if (used.qe_identity == nullptr) {
    return Fail(VerificationFailed("the collateral holds no " +
                                   std::string(intel::EnclaveKindName(qe_kind)) + " identity"));
  }
  const crypto::Crl* root_crl = &used.root_ca_crl->crl;
  const crypto::Certificate& root = quote.intel_root;
  VEIL_TRY(intel::VerifyRootCaCrl(*used.root_ca_crl, at, root));
  VEIL_TRY(intel::VerifyPckCrl(*used.pck_crl, root_crl, at, root));
  VEIL_TRY(intel::VerifyTcbInfo(*used.tcb_info, root_crl, at, root));
  return intel::VerifyQeIdentity(*used.qe_identity, root_crl, at, root);
}

Result<intel::IsvsvnLevel> MatchQe(const DcapQuote& quote, const intel::QeIdentity& identity) {
  const auto& report = quote.signature_data.qe_certification.qe_report;
  const intel::QeReportIdentity qe{report.misc_select, report.attributes, report.mr_signer,
                                   report.isv_prod_id, report.isv_svn};
  VEIL_ASSIGN_OR_RETURN(intel::IsvsvnLevel level, intel::MatchQeIdentity(identity, qe));
  if (level.status == intel::TcbStatus::kRevoked) {
    return Fail(VerificationFailed("QE ISVSVN " + std::to_string(report.isv_svn) +
                                   " matches a Revoked level (ISVSVN " +
                                   std::to_string(level.isvsvn) + ")"));
  }
  return level;
}

Result<intel::TcbVerdict> SelectTcb(const DcapQuote& quote, const intel::TcbInfo& tcb_info,
                                    const intel::SgxExtensions& pck) {
  intel::PlatformTcb platform{pck.tcb_components, pck.pce_svn, std::nullopt};
  if (quote.tdx) platform.tee_tcb_svn = quote.tdx->tee_tcb_svn;
  VEIL_ASSIGN_OR_RETURN(intel::TcbVerdict verdict, intel::SelectTcbLevel(tcb_info, platform));
  if (quote.tdx) {
    VEIL_TRY(Step(intel::CheckTdxModule(tcb_info, quote.tdx->tee_tcb_svn, quote.tdx->mr_signer_seam,
                                        quote.tdx->seam_attributes),
                  "TDX module"));
  }
  if (verdict.status == intel::TcbStatus::kRevoked) {
    return Fail(VerificationFailed("the platform's TCB matches a Revoked TCB level (tcbDate " +
                                   FormatRfc3339(verdict.tcb_date) + ")"));
  }
  return verdict;
}

TimePoint EarliestNextUpdate(const UsedCollateral& used) {
  TimePoint earliest =
      std::min(used.tcb_info->info.next_update, used.qe_identity->identity.next_update);
  for (const intel::IssuedCrl* crl : {used.root_ca_crl, used.pck_crl}) {
    if (auto next = crl->crl.NextUpdate()) earliest = std::min(earliest, *next);
  }
  return earliest;
}

}  // namespace

Result<DcapVerdict> VerifyDcapQuote(const DcapQuote& quote, const intel::Collateral& collateral,
                                    TimePoint at) {
  UsedCollateral used;
  VEIL_ASSIGN_OR_RETURN(intel::VerifiedPck pck,
                        Step(VerifyPck(quote, collateral, at, used), "PCK chain"));
  VEIL_TRY(Step(FindTcbInfo(quote, collateral, pck.extensions, used), "PCK SGX extensions"));
  VEIL_ASSIGN_OR_RETURN(crypto::PublicKey pck_key, pck.leaf.GetPublicKey());
  VEIL_TRY(Step(VerifyQeReportSignature(quote.signature_data, pck_key, pck.leaf.Subject()),
                "QE report signature"));
  VEIL_TRY(Step(VerifyAttestationKeyBinding(quote.signature_data), "QE report data"));
  VEIL_TRY(Step(VerifyQuoteSignature(quote.signature_data, quote.signed_part), "quote signature"));
  VEIL_TRY(Step(VerifyUsedCollateral(quote, collateral, at, used), "collateral"));
  VEIL_ASSIGN_OR_RETURN(intel::IsvsvnLevel qe_level,
                        Step(MatchQe(quote, used.qe_identity->identity), "QE identity"));
  VEIL_ASSIGN_OR_RETURN(intel::TcbVerdict tcb,
                        Step(SelectTcb(quote, used.tcb_info->info, pck.extensions), "TCB level"));
  return DcapVerdict{pck.extensions.fmspc, pck.extensions.pce_id, pck.ca,
                     std::move(tcb),       std::move(qe_level),   EarliestNextUpdate(used)};
}

}  // namespace veil::appraisal::dcap
