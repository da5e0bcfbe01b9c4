#include "veil/appraisal/snp/verify_report.h"

#include <algorithm>
#include <memory>

#include "veil/appraisal/snp/report_claims.h"
#include "veil/appraisal/snp/vcek_extensions.h"
#include "veil/base/hex.h"
#include "veil/crypto/chain.h"
#include "veil/crypto/secret_bytes.h"
#include "veil/crypto/signature.h"
#include "veil/endorsement/amd/roots.h"
#include "veil/evidence/snp/guest_policy.h"
#include "veil/evidence/snp/report.h"

namespace veil::appraisal::snp {
namespace {

namespace ev = evidence::snp;
using endorsement::amd::KeyKind;

std::string TcbText(const ev::TcbVersion& tcb) {
  std::string text = "bl " + std::to_string(tcb.boot_loader) + ", tee " + std::to_string(tcb.tee) +
                     ", snp " + std::to_string(tcb.snp) + ", ucode " +
                     std::to_string(tcb.microcode);
  if (tcb.fmc) text += ", fmc " + std::to_string(*tcb.fmc);
  return text;
}

Result<KeyKind> SignerKind(const ev::Report& report, const VcekExtensions& extensions) {
  if (report.signing_key == ev::SigningKey::kNone) {
    return Fail(VerificationFailed("report is not signed (SIGNING_KEY = none)"));
  }
  const KeyKind expected =
      report.signing_key == ev::SigningKey::kVlek ? KeyKind::kVlek : KeyKind::kVcek;
  const KeyKind actual = extensions.csp_id ? KeyKind::kVlek : KeyKind::kVcek;
  if (expected != actual) {
    return Fail(VerificationFailed(
        std::string("report SIGNING_KEY is ") + (expected == KeyKind::kVlek ? "VLEK" : "VCEK") +
        " but the certificate is a " + (actual == KeyKind::kVlek ? "VLEK" : "VCEK")));
  }
  return expected;
}

Result<ev::Product> SignerProduct(const ev::Report& report, const VcekExtensions& extensions) {
  const auto product = ev::ProductFromName(extensions.product_name);
  if (!product) {
    return Fail(VerificationFailed("certificate productName '" + extensions.product_name +
                                   "' is not Milan, Genoa or Turin"));
  }
  if (report.cpuid) {
    const auto from_cpuid = ev::ProductFromCpuid(report.cpuid->family, report.cpuid->model);
    if (from_cpuid && *from_cpuid != *product) {
      return Fail(VerificationFailed(
          "report CPUID says " + std::string(ev::ProductName(*from_cpuid)) +
          " but the certificate is for " + std::string(ev::ProductName(*product))));
    }
  }
  return *product;
}

Status VerifySignerChain(const ReportInput& input, ev::Product product, KeyKind kind,
                         std::vector<crypto::Certificate>& chain_out) {
  if (input.ca_chain) {
    chain_out = *input.ca_chain;
  } else {
    VEIL_ASSIGN_OR_RETURN(chain_out, endorsement::amd::BundledCaChain(product, kind));
  }
  if (chain_out.size() != 2) {
    return Fail(
        InvalidArgument("CA chain must hold exactly 2 certificates (ASK or ASVK, then ARK), got " +
                        std::to_string(chain_out.size())));
  }
  const std::span<const crypto::Certificate> chain(chain_out);
  auto verified =
      crypto::VerifyChain({input.signer, chain.first(1), chain.subspan(1), input.clock.Now()});
  if (!verified)
    return Fail(std::move(verified).error().WithContext(kind == KeyKind::kVlek ? "VLEK chain"
                                                                               : "VCEK chain"));
  return {};
}

Status VerifyReportSignature(const ev::Report& report, ByteSpan report_bytes,
                             const EndorsedSigner& signer) {
  if (report.signature_algo != ev::kSignatureAlgoEcdsaP384Sha384) {
    return Fail(Unsupported("SIGNATURE_ALGO " + std::to_string(report.signature_algo) +
                            " is not 1 (ECDSA P-384 with SHA-384)"));
  }
  if (!signer.key.IsEc(crypto::EcCurve::kP384)) {
    return Fail(VerificationFailed("signing certificate holds " + signer.key.Describe() +
                                   ", expected EC P-384"));
  }
  // The report stores r and s little-endian; OpenSSL wants big-endian.
  Bytes r(report.signature_r.rbegin(), report.signature_r.rend());
  Bytes s(report.signature_s.rbegin(), report.signature_s.rend());
  auto verified = crypto::VerifyEcdsaRaw(signer.key, crypto::DigestAlgorithm::kSha384,
                                         ev::SignedPart(report_bytes), r, s);
  if (!verified) {
    return Fail(
        VerificationFailed("report signature does not verify with the key of " + signer.subject));
  }
  return {};
}

// The instants at which every certificate of the verified chain is valid.
void SetValidityWindow(const crypto::Certificate& signer,
                       const std::vector<crypto::Certificate>& chain, EndorsedSigner& endorsed) {
  endorsed.valid_from = signer.NotBefore();
  endorsed.valid_until = signer.NotAfter();
  for (const crypto::Certificate& certificate : chain) {
    endorsed.valid_from = std::max(endorsed.valid_from, certificate.NotBefore());
    endorsed.valid_until = std::min(endorsed.valid_until, certificate.NotAfter());
  }
}

// The signer's extensions, checked against the report, and its chain verified at clock.Now():
// from the cache when it holds this chain for this instant, else verified here (and cached).
Result<std::shared_ptr<const EndorsedSigner>> EndorseSigner(const ReportInput& input,
                                                            const ev::Report& report) {
  std::string cache_key;
  if (input.chains != nullptr) {
    cache_key = ChainCacheKey(input.signer, input.ca_chain);
    if (auto cached = input.chains->Find(cache_key, input.clock.Now())) {
      VEIL_TRY(SignerKind(report, cached->extensions));
      VEIL_TRY(SignerProduct(report, cached->extensions));
      return cached;
    }
  }
  VEIL_ASSIGN_OR_RETURN(VcekExtensions extensions, ReadVcekExtensions(input.signer));
  VEIL_ASSIGN_OR_RETURN(KeyKind kind, SignerKind(report, extensions));
  VEIL_ASSIGN_OR_RETURN(ev::Product product, SignerProduct(report, extensions));
  std::vector<crypto::Certificate> chain;
  VEIL_TRY(VerifySignerChain(input, product, kind, chain));
  VEIL_ASSIGN_OR_RETURN(crypto::PublicKey key, input.signer.GetPublicKey());
  const crypto::Certificate& ark = chain.back();
  auto endorsed = std::make_shared<EndorsedSigner>(EndorsedSigner{
      std::move(key), std::move(extensions), kind, product, input.signer.Subject(),
      ark.Sha256Fingerprint(), endorsement::amd::IsBundledArk(ark), TimePoint{}, TimePoint{}});
  SetValidityWindow(input.signer, chain, *endorsed);
  if (input.chains != nullptr) input.chains->Insert(cache_key, endorsed);
  return endorsed;
}

Status VerifyTcbAgainstCertificate(const ev::Report& report, ev::Product product,
                                   const VcekExtensions& extensions) {
  const ev::TcbVersion reported = ev::DecodeTcbVersion(report.reported_tcb, product);
  ev::TcbVersion certified = extensions.tcb;
  if (product != ev::Product::kTurin) certified.fmc.reset();
  if (product == ev::Product::kTurin && !certified.fmc) {
    return Fail(VerificationFailed("Turin certificate lacks the fmcSPL extension"));
  }
  if (reported != certified) {
    return Fail(VerificationFailed("REPORTED_TCB mismatch: certificate is for " +
                                   TcbText(certified) + ", report has " + TcbText(reported)));
  }
  return {};
}

Status VerifyChipId(const ev::Report& report, KeyKind kind, const VcekExtensions& extensions) {
  if (kind == KeyKind::kVlek) return {};  // VLEK reports do not reveal the chip
  if (!extensions.hw_id) return Fail(VerificationFailed("VCEK lacks the hwID extension"));
  const Bytes& hw_id = *extensions.hw_id;
  if (hw_id.empty() || hw_id.size() > report.chip_id.size() ||
      !std::equal(hw_id.begin(), hw_id.end(), report.chip_id.begin())) {
    return Fail(VerificationFailed(
        "CHIP_ID mismatch: VCEK hwID is " + HexEncode(hw_id) + ", report has " +
        HexEncode(ByteSpan(report.chip_id).first(std::min(hw_id.size(), report.chip_id.size())))));
  }
  return {};
}

Status VerifyReportData(const ev::Report& report, const std::optional<Bytes>& expected) {
  if (!expected) return {};
  if (expected->size() > report.report_data.size()) {
    return Fail(InvalidArgument("expected report data is " + std::to_string(expected->size()) +
                                " bytes; REPORT_DATA holds 64"));
  }
  Bytes padded = *expected;
  padded.resize(report.report_data.size(), 0);
  if (!crypto::ConstantTimeEquals(padded, report.report_data)) {
    return Fail(VerificationFailed("REPORT_DATA mismatch: expected " + HexEncode(padded) +
                                   ", got " + HexEncode(report.report_data)));
  }
  return {};
}

// Every check of VerifyReport() in order; the claims of a report that passed them all.
Result<nlohmann::json> Verify(const ReportInput& input) {
  VEIL_ASSIGN_OR_RETURN(ev::Report report, ev::ParseReport(input.report));
  VEIL_ASSIGN_OR_RETURN(ev::GuestPolicy policy, ev::DecodeGuestPolicy(report.policy));
  VEIL_ASSIGN_OR_RETURN(std::shared_ptr<const EndorsedSigner> signer, EndorseSigner(input, report));
  VEIL_TRY(VerifyReportSignature(report, input.report, *signer));
  VEIL_TRY(VerifyTcbAgainstCertificate(report, signer->product, signer->extensions));
  VEIL_TRY(VerifyChipId(report, signer->kind, signer->extensions));
  VEIL_TRY(VerifyReportData(report, input.expected_report_data));

  nlohmann::json claims = ReportClaims(report, signer->product, policy);
  claims["endorsement"] = {{"key", signer->kind == KeyKind::kVlek ? "vlek" : "vcek"},
                           {"subject", signer->subject},
                           {"ark_sha256", HexEncode(signer->ark_sha256)},
                           {"ark_bundled", signer->ark_bundled}};
  if (signer->extensions.csp_id) claims["endorsement"]["csp_id"] = *signer->extensions.csp_id;
  return claims;
}

}  // namespace

Result<VerifiedClaims> VerifyReport(const ReportInput& input) {
  auto verified = Verify(input);
  if (!verified) {
    if (verified.error().context.rfind("snp", 0) == 0) return Fail(std::move(verified).error());
    return Fail(std::move(verified).error().WithContext("snp"));
  }
  return VerifiedClaims(ClaimsKey(), "snp", std::move(*verified));
}

}  // namespace veil::appraisal::snp
