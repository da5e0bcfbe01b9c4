#include "veil/agent/attester/tpm/tpm_attester.h"

#include <utility>

#include "veil/agent/attester/tpm/esys_connection.h"
#include "veil/agent/attester/tpm/pcr_bank.h"
#include "veil/agent/attester/tpm/pcr_quote.h"
#include "veil/base/base64.h"
#include "veil/base/hex.h"
#include "veil/crypto/digest.h"
#include "veil/protocol/report_data_binding.h"

namespace veil::agent::tpm {
namespace {

// docs/kbs-protocol.md §2, TPM: the quote's extraData is the report data cut to 32 bytes.
constexpr std::size_t kQualifyingDataSize = 32;

template <class T>
Result<T> InTpmContext(Result<T> result) {
  if (!result) return Fail(std::move(result).error().WithContext("tpm"));
  return result;
}

std::string Fingerprint(const crypto::PublicKey& key) {
  return HexEncode(crypto::Sha256(key.SpkiDer()));
}

Status CheckPcrIndex(unsigned index, std::string_view what) {
  if (index < kPcrCount) return {};
  return Fail(InvalidArgument(std::string(what) + " must be a PCR index 0.." +
                              std::to_string(kPcrCount - 1) + ", got " + std::to_string(index)));
}

Result<crypto::PublicKey> DeriveAk(const TpmOptions& options) {
  VEIL_TRY(CheckPcrIndex(options.measurement_pcr, "the measurement PCR"));
  VEIL_ASSIGN_OR_RETURN(const EsysConnection tpm, EsysConnection::Open(options.tcti));
  VEIL_ASSIGN_OR_RETURN(AttestationKey ak, CreateAttestationKey(tpm, options.ak));
  return std::move(ak.key);
}

nlohmann::json EvidenceJson(const crypto::PublicKey& ak, const PcrQuote& quote) {
  nlohmann::json pcrs = nlohmann::json::array();
  for (const Bytes& value : quote.pcrs) pcrs.push_back(HexEncode(value));
  return {{"ak_public", Base64Encode(ak.SpkiDer())},
          {"tpm_quote",
           {{"message", Base64Encode(quote.attest)},
            {"signature", Base64Encode(quote.signature)},
            {"pcrs", std::move(pcrs)}}}};
}

// The PCR as the trustee's claims name it.
std::string ClaimName(unsigned index) { return "pcrs.sha256." + std::to_string(index); }

Result<std::string> Extend(const TpmOptions& options, ByteSpan digest) {
  if (digest.size() != kSha256Size) {
    return Fail(InvalidArgument("a measurement must be a " + std::to_string(kSha256Size) +
                                "-byte SHA-256 digest, got " + std::to_string(digest.size()) +
                                " bytes"));
  }
  VEIL_ASSIGN_OR_RETURN(const EsysConnection tpm, EsysConnection::Open(options.tcti));
  VEIL_TRY(ExtendSha256Pcr(tpm, options.measurement_pcr, digest));
  return ClaimName(options.measurement_pcr);
}

// TCG PC Client Platform TPM Profile, PCR attributes: PCR 16 (debug) and PCR 23 (application
// support) are the PCRs locality 0 may reset.
std::string ResetCommand(unsigned index) {
  if (index != 16 && index != 23) return "";
  return "tpm2_pcrreset " + std::to_string(index);
}

Result<Bytes> Read(const TpmOptions& options, unsigned index) {
  VEIL_TRY(CheckPcrIndex(index, "the PCR to read"));
  VEIL_ASSIGN_OR_RETURN(const EsysConnection tpm, EsysConnection::Open(options.tcti));
  VEIL_ASSIGN_OR_RETURN(std::vector<Bytes> pcrs, ReadSha256Pcrs(tpm));
  return std::move(pcrs[index]);
}

}  // namespace

Result<std::unique_ptr<TpmAttester>> TpmAttester::Open(const TpmOptions& options) {
  auto ak = InTpmContext(DeriveAk(options));
  if (!ak) return Fail(std::move(ak).error());
  return std::unique_ptr<TpmAttester>(new TpmAttester(options, std::move(*ak)));
}

Result<nlohmann::json> TpmAttester::CollectEvidence(ByteSpan report_data) {
  return InTpmContext(Collect(report_data));
}

Result<std::string> TpmAttester::ExtendMeasurement(ByteSpan digest) {
  return InTpmContext(Extend(options_, digest));
}

Result<MeasurementRegister> TpmAttester::ReadMeasurementRegister() {
  VEIL_ASSIGN_OR_RETURN(Bytes value, ReadPcr(options_.measurement_pcr));
  return MeasurementRegister{ClaimName(options_.measurement_pcr), std::move(value),
                             ResetCommand(options_.measurement_pcr)};
}

Result<DictionaryAttackState> TpmAttester::ReadDictionaryAttackState() {
  auto tpm = InTpmContext(EsysConnection::Open(options_.tcti));
  if (!tpm) return Fail(std::move(tpm).error());
  return InTpmContext(tpm::ReadDictionaryAttackState(*tpm));
}

Result<Bytes> TpmAttester::ReadPcr(unsigned index) { return InTpmContext(Read(options_, index)); }

Result<nlohmann::json> TpmAttester::Collect(ByteSpan report_data) const {
  if (report_data.size() != protocol::kReportDataSize) {
    return Fail(InvalidArgument("report data must be " + std::to_string(protocol::kReportDataSize) +
                                " bytes, got " + std::to_string(report_data.size())));
  }
  VEIL_ASSIGN_OR_RETURN(const EsysConnection tpm, EsysConnection::Open(options_.tcti));
  VEIL_ASSIGN_OR_RETURN(const AttestationKey ak, CreateAttestationKey(tpm, options_.ak));
  if (!ak.key.Equals(ak_public_)) {
    return Fail(Unavailable("the TPM now derives AK " + Fingerprint(ak.key) + ", not AK " +
                            Fingerprint(ak_public_) + " as at Open (endorsement seed changed?)"));
  }
  VEIL_ASSIGN_OR_RETURN(PcrQuote quote, QuoteSha256Pcrs(tpm, ak.object.handle(),
                                                        report_data.first(kQualifyingDataSize)));
  return EvidenceJson(ak_public_, quote);
}

}  // namespace veil::agent::tpm
