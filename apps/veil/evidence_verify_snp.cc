#include <optional>

#include "evidence_verify.h"
#include "veil/appraisal/snp/verify_report.h"
#include "veil/base/file.h"
#include "veil/base/hex.h"
#include "veil/base/rfc3339.h"
#include "veil/crypto/certificate.h"
#include "veil/endorsement/vcek/vcek_resolver.h"
#include "veil/evidence/snp/coco_json.h"

namespace veil::cli {
namespace {

Status Require(const std::string& value, const char* flag) {
  if (value.empty()) return Fail(InvalidArgument(std::string("--tee snp needs ") + flag));
  return {};
}

Result<crypto::Certificate> ReadCertificate(const std::string& path) {
  VEIL_ASSIGN_OR_RETURN(Bytes bytes, ReadFileBytes(path));
  auto cert = crypto::Certificate::FromDerOrPem(bytes);
  if (!cert) return Fail(InvalidArgument(path + ": " + cert.error().message));
  return cert;
}

// The VCEK from the offline store (--vcek-store), then KDS (--kds-url), for a report without one.
Result<crypto::Certificate> LookUpVcek(const EvidenceVerifyOptions& options, ByteSpan report) {
  VEIL_ASSIGN_OR_RETURN(const evidence::snp::Report parsed, evidence::snp::ParseReport(report));
  endorsement::vcek::VcekSources sources;
  if (!options.vcek_store.empty()) sources.store.emplace(options.vcek_store);
  if (!options.kds_url.empty())
    sources.kds = endorsement::vcek::KdsOptions{.base_url = options.kds_url};
  return endorsement::vcek::ResolveVcek(parsed, sources);
}

bool CanLookUpVcek(const EvidenceVerifyOptions& options) {
  return !options.vcek_store.empty() || !options.kds_url.empty();
}

struct SignedReport {
  Bytes report;
  crypto::Certificate signer;
};

// --report and --vcek: the raw report and its signing key's certificate.
Result<SignedReport> FromReportFile(const EvidenceVerifyOptions& options) {
  VEIL_TRY(Require(options.report, "--report FILE or --evidence FILE"));
  if (options.vcek.empty() && !CanLookUpVcek(options))
    return Fail(InvalidArgument("--tee snp needs --vcek FILE, --vcek-store DIR or --kds-url URL"));
  VEIL_ASSIGN_OR_RETURN(Bytes report, ReadFileBytes(options.report));
  if (options.vcek.empty()) {
    VEIL_ASSIGN_OR_RETURN(crypto::Certificate signer, LookUpVcek(options, report));
    return SignedReport{std::move(report), std::move(signer)};
  }
  VEIL_ASSIGN_OR_RETURN(crypto::Certificate signer, ReadCertificate(options.vcek));
  return SignedReport{std::move(report), std::move(signer)};
}

// --evidence: CoCo's JSON; the signer is --vcek when given, else the chain's VCEK or VLEK.
Result<SignedReport> FromCocoEvidence(const EvidenceVerifyOptions& options) {
  VEIL_ASSIGN_OR_RETURN(nlohmann::json json, ReadEvidenceJson(options.evidence));
  auto evidence = evidence::snp::ParseCocoSnpEvidence(json);
  if (!evidence) return Fail(InvalidArgument(options.evidence + ": " + evidence.error().message));
  if (!options.vcek.empty()) {
    VEIL_ASSIGN_OR_RETURN(crypto::Certificate signer, ReadCertificate(options.vcek));
    return SignedReport{std::move(evidence->report), std::move(signer)};
  }
  const evidence::snp::CertTableEntry* key = evidence::snp::FindSigningKey(evidence->cert_chain);
  if (key == nullptr && CanLookUpVcek(options)) {
    VEIL_ASSIGN_OR_RETURN(crypto::Certificate signer, LookUpVcek(options, evidence->report));
    return SignedReport{std::move(evidence->report), std::move(signer)};
  }
  if (key == nullptr) {
    return Fail(InvalidArgument(options.evidence +
                                ": cert_chain holds no VCEK or VLEK; pass the one for this chip "
                                "and TCB with --vcek FILE, or look it up with --vcek-store DIR "
                                "and/or --kds-url URL"));
  }
  auto signer = crypto::Certificate::FromDer(key->der);
  if (!signer)
    return Fail(
        InvalidArgument(options.evidence + ": " + key->type + ": " + signer.error().message));
  return SignedReport{std::move(evidence->report), std::move(*signer)};
}

}  // namespace

Result<Verdict> VerifySnpFromFiles(const EvidenceVerifyOptions& options) {
  if (!options.evidence.empty() && !options.report.empty())
    return Fail(InvalidArgument("--tee snp takes --report or --evidence, not both"));
  VEIL_ASSIGN_OR_RETURN(SignedReport signed_report, options.evidence.empty()
                                                        ? FromReportFile(options)
                                                        : FromCocoEvidence(options));
  auto& [report, signer] = signed_report;

  std::optional<std::vector<crypto::Certificate>> ca_chain;
  if (!options.ca_chain.empty()) {
    VEIL_ASSIGN_OR_RETURN(std::string pem, ReadFileText(options.ca_chain));
    auto chain = crypto::Certificate::ChainFromPem(pem);
    if (!chain) return Fail(InvalidArgument(options.ca_chain + ": " + chain.error().message));
    ca_chain = std::move(*chain);
  }
  std::optional<Bytes> report_data;
  if (!options.report_data.empty()) {
    auto decoded = HexDecode(options.report_data);
    if (!decoded) return Fail(InvalidArgument("--report-data: " + decoded.error().message));
    if (decoded->size() > 64) return Fail(InvalidArgument("--report-data is longer than 64 bytes"));
    report_data = std::move(*decoded);
  }
  TimePoint at = SystemClock().Now();
  if (!options.at.empty()) {
    auto parsed = ParseRfc3339(options.at);
    if (!parsed) return Fail(InvalidArgument("--at: " + parsed.error().message));
    at = *parsed;
  }
  const FixedClock clock(at);
  return Verdict(appraisal::snp::VerifyReport(
      {report, signer, std::move(ca_chain), std::move(report_data), clock}));
}

}  // namespace veil::cli
