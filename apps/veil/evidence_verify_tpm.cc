#include <optional>

#include "evidence_verify.h"
#include "veil/appraisal/tpm/verify_quote.h"
#include "veil/base/file.h"
#include "veil/base/hex.h"
#include "veil/evidence/tpm/coco_json.h"
#include "veil/evidence/tpm/pcr_selection.h"

namespace veil::cli {
namespace {

Status Require(const std::string& value, const char* flag) {
  if (value.empty()) return Fail(InvalidArgument(std::string("--tee tpm needs ") + flag));
  return {};
}

Result<std::optional<Bytes>> NonceOption(const std::string& text) {
  if (text.empty()) return std::optional<Bytes>();
  auto nonce = HexDecode(text);
  if (!nonce) return Fail(InvalidArgument("--nonce: " + nonce.error().message));
  return std::optional<Bytes>(std::move(*nonce));
}

Result<std::optional<evidence::tpm::PcrSelection>> PcrListOption(const std::string& text) {
  if (text.empty()) return std::optional<evidence::tpm::PcrSelection>();
  auto selection = evidence::tpm::ParsePcrList(text);
  if (!selection) return Fail(InvalidArgument("--pcr-list: " + selection.error().message));
  return std::optional<evidence::tpm::PcrSelection>(std::move(*selection));
}

struct QuoteFiles {
  Bytes ak, message, signature, pcrs;
};

// --ak, --message, --signature, --pcrs: the files tpm2_quote writes.
Result<QuoteFiles> FromQuoteFiles(const EvidenceVerifyOptions& options) {
  VEIL_TRY(Require(options.ak, "--ak FILE (PEM/DER public key, TPM2B_PUBLIC or TPMT_PUBLIC)"));
  VEIL_TRY(Require(options.message, "--message FILE (tpm2_quote -m)"));
  VEIL_TRY(Require(options.signature, "--signature FILE (tpm2_quote -s)"));
  VEIL_TRY(Require(options.pcrs, "--pcrs FILE (tpm2_quote -o)"));
  QuoteFiles files;
  VEIL_ASSIGN_OR_RETURN(files.ak, ReadFileBytes(options.ak));
  VEIL_ASSIGN_OR_RETURN(files.message, ReadFileBytes(options.message));
  VEIL_ASSIGN_OR_RETURN(files.signature, ReadFileBytes(options.signature));
  VEIL_ASSIGN_OR_RETURN(files.pcrs, ReadFileBytes(options.pcrs));
  return files;
}

// --evidence: CoCo's JSON, {"ak_public", "tpm_quote": {message, signature, pcrs}}.
Result<QuoteFiles> FromCocoEvidence(const EvidenceVerifyOptions& options) {
  if (!options.ak.empty() || !options.message.empty() || !options.signature.empty() ||
      !options.pcrs.empty()) {
    return Fail(InvalidArgument("--tee tpm takes --evidence or the quote files, not both"));
  }
  VEIL_ASSIGN_OR_RETURN(nlohmann::json json, ReadEvidenceJson(options.evidence));
  auto evidence = evidence::tpm::ParseCocoTpmEvidence(json);
  if (!evidence) return Fail(InvalidArgument(options.evidence + ": " + evidence.error().message));
  return QuoteFiles{std::move(evidence->ak_public), std::move(evidence->message),
                    std::move(evidence->signature), ToBytes(AsBytes(evidence->pcrs))};
}

}  // namespace

Result<Verdict> VerifyTpmFromFiles(const EvidenceVerifyOptions& options) {
  VEIL_ASSIGN_OR_RETURN(std::optional<Bytes> nonce, NonceOption(options.nonce));
  VEIL_ASSIGN_OR_RETURN(std::optional<evidence::tpm::PcrSelection> selection,
                        PcrListOption(options.pcr_list));
  VEIL_ASSIGN_OR_RETURN(const QuoteFiles files, options.evidence.empty()
                                                    ? FromQuoteFiles(options)
                                                    : FromCocoEvidence(options));
  return Verdict(appraisal::tpm::VerifyQuote({files.ak, files.message, files.signature, files.pcrs,
                                              std::move(nonce), std::move(selection)}));
}

}  // namespace veil::cli
