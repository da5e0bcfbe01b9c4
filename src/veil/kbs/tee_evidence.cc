#include "veil/kbs/tee_evidence.h"

#include "veil/appraisal/sample/verify_sample.h"
#include "veil/appraisal/sgx/verify_quote.h"
#include "veil/appraisal/snp/verify_report.h"
#include "veil/appraisal/tdx/verify_quote.h"
#include "veil/appraisal/tpm/verify_quote.h"
#include "veil/base/hex.h"
#include "veil/crypto/certificate.h"
#include "veil/evidence/sgx/coco_json.h"
#include "veil/evidence/snp/coco_json.h"
#include "veil/evidence/tdx/coco_json.h"
#include "veil/evidence/tpm/coco_json.h"

namespace veil::kbs {
namespace {

using nlohmann::json;

Error EvidenceError(std::string_view tee, std::string message) {
  return Error{ErrorCode::kMalformed, std::move(message), std::string(tee)};
}

// The VCEK/VLEK from the evidence's cert_chain; else, for a chain without one (cert_chain null:
// the host supplied no certificate table), from the configured store or KDS.
Result<crypto::Certificate> SigningCertificate(const evidence::snp::CocoSnpEvidence& evidence,
                                               const endorsement::vcek::VcekSources* sources) {
  const evidence::snp::CertTableEntry* key = evidence::snp::FindSigningKey(evidence.cert_chain);
  if (key != nullptr) return crypto::Certificate::FromDer(key->der);
  if (sources == nullptr || (!sources->store && !sources->kds)) {
    return Fail(EvidenceError(
        "snp",
        "cert_chain holds no VCEK or VLEK, and no VCEK store or KDS is configured ([snp] "
        "vcek_store, kds_url)"));
  }
  VEIL_ASSIGN_OR_RETURN(const evidence::snp::Report report,
                        evidence::snp::ParseReport(evidence.report));
  return endorsement::vcek::ResolveVcek(report, *sources);
}

Status CheckHostData(const appraisal::VerifiedClaims& claims,
                     const std::optional<initdata::InitData>& init_data) {
  if (!init_data) return {};
  const std::string expected = HexEncode(initdata::InitDataFieldValue(*init_data, 32));
  const std::string found = claims.claims().value("host_data", "");
  if (expected != found) {
    return Fail(Error{
        ErrorCode::kVerificationFailed,
        "HOST_DATA does not bind the init-data: expected " + expected + ", got " + found, "snp"});
  }
  return {};
}

Result<appraisal::VerifiedClaims> AppraiseSnp(const TeeEvidenceInput& input) {
  VEIL_ASSIGN_OR_RETURN(auto evidence, evidence::snp::ParseCocoSnpEvidence(input.primary_evidence));
  VEIL_ASSIGN_OR_RETURN(crypto::Certificate signer,
                        SigningCertificate(evidence, input.vcek_sources));
  std::optional<std::vector<crypto::Certificate>> ca_chain;  // none: AMD's bundled chain
  if (input.insecure_test_snp_ca_chain != nullptr) ca_chain = *input.insecure_test_snp_ca_chain;
  VEIL_ASSIGN_OR_RETURN(
      auto claims,
      appraisal::snp::VerifyReport({evidence.report, signer, std::move(ca_chain),
                                    ToBytes(input.report_data), input.clock, input.snp_chains}));
  VEIL_TRY(CheckHostData(claims, input.init_data));
  return claims;
}

Status CheckPcr8(const appraisal::VerifiedClaims& claims,
                 const std::optional<initdata::InitData>& init_data) {
  if (!init_data) return {};
  const std::string expected = HexEncode(initdata::InitDataTpmPcr8(*init_data));
  const json& pcrs = claims.claims()["pcrs"];
  const std::string found =
      pcrs.contains("sha256") ? pcrs["sha256"].value("8", "(not quoted)") : "(no sha256 bank)";
  if (expected != found) {
    return Fail(Error{ErrorCode::kVerificationFailed,
                      "PCR 8 does not bind the init-data: expected " + expected + ", got " + found,
                      "tpm"});
  }
  return {};
}

// The enrolled node an AK is bound to, from the store's node registry.
std::function<Result<std::optional<std::string>>(std::string_view)> EnrolledNodeLookup(
    store::Store* nodes) {
  if (nodes == nullptr) return {};
  return [nodes](std::string_view ak) -> Result<std::optional<std::string>> {
    VEIL_ASSIGN_OR_RETURN(std::optional<store::NodeRecord> node, nodes->FindNodeByAk(ak));
    if (!node || node->state != store::NodeState::kEnrolled) return std::optional<std::string>();
    return std::optional<std::string>(node->identity.name);
  };
}

Result<appraisal::VerifiedClaims> AppraiseTpm(const TeeEvidenceInput& input) {
  VEIL_ASSIGN_OR_RETURN(auto evidence, evidence::tpm::ParseCocoTpmEvidence(input.primary_evidence));
  // The quote's qualifying data is the report data cut to 32 bytes (docs/kbs-protocol.md §2, TPM).
  Bytes nonce = ToBytes(input.report_data.first(32));
  VEIL_ASSIGN_OR_RETURN(auto claims, appraisal::tpm::VerifyQuote(
                                         {evidence.ak_public, evidence.message, evidence.signature,
                                          AsBytes(evidence.pcrs), nonce, std::nullopt,
                                          input.tpm_aks, EnrolledNodeLookup(input.tpm_nodes)}));
  VEIL_TRY(CheckPcr8(claims, input.init_data));
  return claims;
}

// CoCo's TDX verifier binds the init-data digest, zero-padded or cut to 48 bytes, as MRCONFIGID.
Status CheckMrConfigId(const appraisal::VerifiedClaims& claims,
                       const std::optional<initdata::InitData>& init_data) {
  if (!init_data) return {};
  const std::string expected = HexEncode(initdata::InitDataFieldValue(*init_data, 48));
  const std::string found = claims.claims().value("mr_config_id", "");
  if (expected != found) {
    return Fail(Error{
        ErrorCode::kVerificationFailed,
        "MRCONFIGID does not bind the init-data: expected " + expected + ", got " + found, "tdx"});
  }
  return {};
}

// The quote is verified against the configured collateral at the trustee's clock; a CCEL event
// log the guest sent is replayed against the quote's RTMRs (a mismatch refuses the evidence) and
// gives the "ccel" claims. A guest that sends none is appraised on the quote alone, as CoCo does.
Result<appraisal::VerifiedClaims> AppraiseTdx(const TeeEvidenceInput& input) {
  VEIL_ASSIGN_OR_RETURN(auto evidence, evidence::tdx::ParseCocoTdxEvidence(input.primary_evidence));
  if (input.dcap_collateral == nullptr) {
    return Fail(Error{ErrorCode::kUnavailable,
                      "no Intel DCAP collateral is configured ([dcap] collateral): TDX quotes "
                      "cannot be verified",
                      "tdx"});
  }
  appraisal::tdx::QuoteInput quote_input{
      {evidence.quote, *input.dcap_collateral, input.clock.Now(), ToBytes(input.report_data)}};
  if (evidence.cc_eventlog) quote_input.cc_eventlog = ByteSpan(*evidence.cc_eventlog);
  VEIL_ASSIGN_OR_RETURN(auto claims, appraisal::tdx::VerifyQuote(quote_input));
  VEIL_TRY(CheckMrConfigId(claims, input.init_data));
  return claims;
}

// CoCo's SGX verifier binds the init-data digest, zero-padded or cut to 64 bytes, as CONFIGID.
Status CheckConfigId(const appraisal::VerifiedClaims& claims,
                     const std::optional<initdata::InitData>& init_data) {
  if (!init_data) return {};
  const std::string expected = HexEncode(initdata::InitDataFieldValue(*init_data, 64));
  const std::string found = claims.claims().value("config_id", "");
  if (expected != found) {
    return Fail(Error{
        ErrorCode::kVerificationFailed,
        "CONFIGID does not bind the init-data: expected " + expected + ", got " + found, "sgx"});
  }
  return {};
}

// An enclave's quote, verified against the same [dcap] collateral as TDX quotes.
Result<appraisal::VerifiedClaims> AppraiseSgx(const TeeEvidenceInput& input) {
  VEIL_ASSIGN_OR_RETURN(auto evidence, evidence::sgx::ParseCocoSgxEvidence(input.primary_evidence));
  if (input.dcap_collateral == nullptr) {
    return Fail(Error{ErrorCode::kUnavailable,
                      "no Intel DCAP collateral is configured ([dcap] collateral): SGX quotes "
                      "cannot be verified",
                      "sgx"});
  }
  VEIL_ASSIGN_OR_RETURN(
      auto claims, appraisal::sgx::VerifyQuote({{evidence.quote, *input.dcap_collateral,
                                                 input.clock.Now(), ToBytes(input.report_data)}}));
  VEIL_TRY(CheckConfigId(claims, input.init_data));
  return claims;
}

Result<appraisal::VerifiedClaims> AppraiseSample(const TeeEvidenceInput& input) {
  return appraisal::sample::VerifySample(input.primary_evidence.dump(), ToBytes(input.report_data));
}

}  // namespace

Result<policy::ReferenceValueSet> WithEnrolledNodeAk(policy::ReferenceValueSet stored,
                                                     const appraisal::VerifiedClaims& claims) {
  if (claims.tee() != "tpm") return stored;
  const json node = claims.claims().value("node", json());
  const json ak = claims.claims().value("ak", json());
  if (!node.is_string() || !ak.is_string()) return stored;
  VEIL_TRY(stored.Add(
      ReferenceValue{"tpm.ak",
                     {ak.get<std::string>()},
                     std::nullopt,
                     "node " + node.get<std::string>() + ", enrolled by credential activation"}));
  return stored;
}

bool CanAppraise(protocol::TeeKind tee) {
  switch (tee) {
    case protocol::TeeKind::kSnp:
    case protocol::TeeKind::kTpm:
    case protocol::TeeKind::kSample:
    case protocol::TeeKind::kTdx:
    case protocol::TeeKind::kSgx:
      return true;
  }
  return false;
}

Result<appraisal::VerifiedClaims> AppraiseTeeEvidence(const TeeEvidenceInput& input) {
  switch (input.tee) {  // no default: -Wswitch names a new kind that has no appraisal here
    case protocol::TeeKind::kSnp:
      return AppraiseSnp(input);
    case protocol::TeeKind::kTpm:
      return AppraiseTpm(input);
    case protocol::TeeKind::kSample:
      return AppraiseSample(input);
    case protocol::TeeKind::kTdx:
      return AppraiseTdx(input);
    case protocol::TeeKind::kSgx:
      return AppraiseSgx(input);
  }
  return Fail(Error{
      ErrorCode::kUnsupported,
      "Veil cannot appraise \"" + std::string(protocol::TeeKindName(input.tee)) + "\" evidence yet",
      "kbs"});
}

}  // namespace veil::kbs
