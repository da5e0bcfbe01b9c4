#pragma once
// CoCo's JSON form of SNP evidence (guest-components' SnpEvidence, a serde dump of virtee/sev's
// AttestationReport): {"attestation_report": {...fields...}, "cert_chain": [{"cert_type", "data"}]
// | null}. The report is rebuilt byte for byte into the 1184-byte ABI layout so that its signature
// can be checked over exactly the bytes the firmware signed; any field that does not fit is
// rejected.

#include <optional>
#include <span>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "veil/base/bytes.h"
#include "veil/base/result.h"

namespace veil::evidence::snp {

struct CertTableEntry {
  std::string type;  // "VCEK", "VLEK", "ASK", "ARK" (as CoCo names them)
  Bytes der;
};

struct CocoSnpEvidence {
  Bytes report;                            // kReportSize bytes, ready for ParseReport
  std::vector<CertTableEntry> cert_chain;  // empty when "cert_chain" is null
};

Result<CocoSnpEvidence> ParseCocoSnpEvidence(const nlohmann::json& evidence);

// The entry holding the key that signed the report: the first VCEK or VLEK (either case, as
// CoCo's and the kernel's names differ); nullptr when the chain carries neither.
const CertTableEntry* FindSigningKey(std::span<const CertTableEntry> cert_chain);

}  // namespace veil::evidence::snp
