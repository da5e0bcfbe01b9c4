#pragma once
// veil-agent's attester for a TPM 2.0 (tee "tpm"): quotes SHA-256 PCRs 0..23 with an attestation
// key the TPM derives from its endorsement seed, and extends one PCR with workload measurements.
// It holds no TPM connection between calls: each call connects through the TCTI and flushes what
// it loaded before returning, so other clients (tpm2-tools) can use a TPM that has no resource
// manager, like swtpm, which serves one client at a time. Not thread-safe.

#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "veil/agent/attester/attester.h"
#include "veil/agent/attester/tpm/attestation_key.h"
#include "veil/agent/attester/tpm/dictionary_attack.h"
#include "veil/base/bytes.h"
#include "veil/base/result.h"
#include "veil/crypto/public_key.h"

namespace veil::agent::tpm {

struct TpmOptions {
  std::string tcti;  // tss2-tctildr config: "swtpm:host=127.0.0.1,port=2321", "device:/dev/tpmrm0"
  unsigned measurement_pcr = 23;  // PCR that ExtendMeasurement extends (SHA-256 bank)
  AkAlgorithm ak = AkAlgorithm::kEcP256;
};

// Errors carry context "tpm". TPM and TCTI failures are kUnavailable with the TSS call and
// Tss2_RC_Decode's reading of its return code.
class TpmAttester final : public Attester {
 public:
  // Connects, derives the AK (see attestation_key.h) and disconnects. kInvalidArgument for a
  // measurement PCR above 23; kUnavailable, naming the TCTI, when the TPM cannot be reached.
  static Result<std::unique_ptr<TpmAttester>> Open(const TpmOptions& options);

  protocol::TeeKind tee() const override { return protocol::TeeKind::kTpm; }

  // {"ak_public": base64 DER SubjectPublicKeyInfo of the AK, "tpm_quote": {"message": base64
  // TPMS_ATTEST, "signature": base64 TPMT_SIGNATURE, "pcrs": [24 hex SHA-256 PCR values]}}: a
  // quote of SHA-256 PCRs 0..23 whose extraData is the first 32 bytes of `report_data`
  // (64 bytes, else kInvalidArgument). kUnavailable when the TPM now derives another AK than at
  // Open (its endorsement seed changed).
  Result<nlohmann::json> CollectEvidence(ByteSpan report_data) override;

  // Extends SHA-256 PCR measurement_pcr with `digest` (32 bytes, else kInvalidArgument) and
  // returns its claim name, "pcrs.sha256.<N>".
  Result<std::string> ExtendMeasurement(ByteSpan digest) override;

  // PCR measurement_pcr: its claim name, value, and "tpm2_pcrreset <N>" as the reset command for
  // PCRs 16 and 23, the ones the PC Client profile lets locality 0 reset (empty for the others).
  Result<MeasurementRegister> ReadMeasurementRegister() override;

  // The TPM's dictionary-attack counters and whether it is in lockout (dictionary_attack.h).
  Result<DictionaryAttackState> ReadDictionaryAttackState();

  // The AK: the trustee's tpm.ak reference value is the hex SHA-256 of its SpkiDer().
  const crypto::PublicKey& ak_public() const { return ak_public_; }

  // SHA-256 PCR `index` (below 24, else kInvalidArgument).
  Result<Bytes> ReadPcr(unsigned index);

 private:
  TpmAttester(TpmOptions options, crypto::PublicKey ak_public)
      : options_(std::move(options)), ak_public_(std::move(ak_public)) {}

  Result<nlohmann::json> Collect(ByteSpan report_data) const;

  TpmOptions options_;
  crypto::PublicKey ak_public_;
};

}  // namespace veil::agent::tpm
