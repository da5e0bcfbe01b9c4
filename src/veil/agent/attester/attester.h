#pragma once
// The one interface veil-agent uses to talk to its TEE: collect evidence whose hardware-signed
// report binds the KBS report data, and extend the TEE's runtime measurement register (a TPM PCR)
// with workload measurements. One implementation per TEE family (tpm/, tsm/, sample/).

#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "veil/base/bytes.h"
#include "veil/base/result.h"
#include "veil/protocol/tee_kind.h"

namespace veil::agent {

// A runtime measurement register as it stands now.
struct MeasurementRegister {
  std::string name;  // as the trustee's claims call it, e.g. "pcrs.sha256.23"
  Bytes value;       // its current value (32 bytes for a SHA-256 PCR)
  // What resets it without a reboot ("tpm2_pcrreset 23"); empty when only a reboot does.
  std::string reset_command;
};

class Attester {
 public:
  virtual ~Attester() = default;

  // The TEE's kind in the KBS protocol: what /auth announces and what the trustee dispatches the
  // evidence on.
  virtual protocol::TeeKind tee() const = 0;

  // The CoCo "primary_evidence" JSON (docs/kbs-protocol.md §2) for one /attest, bound to
  // `report_data` (64 bytes: SHA-384 of the JCS of the runtime data, zero-padded; a TPM binds its
  // first 32 bytes as the quote's qualifying data).
  virtual Result<nlohmann::json> CollectEvidence(ByteSpan report_data) = 0;

  // Extends the runtime measurement register with a SHA-256 `digest` (32 bytes) and returns the
  // register's name as the trustee's claims call it (e.g. "pcrs.sha256.23"). kUnsupported when
  // the TEE has no register the agent can extend.
  virtual Result<std::string> ExtendMeasurement(ByteSpan digest) = 0;

  // The register ExtendMeasurement extends, read without changing it. kUnsupported when the TEE
  // has no register the agent can extend.
  virtual Result<MeasurementRegister> ReadMeasurementRegister() = 0;
};

}  // namespace veil::agent
