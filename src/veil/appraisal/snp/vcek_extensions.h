#pragma once
// AMD's X.509 extensions on VCEK/VLEK certificates (AMD "Versioned Chip Endorsement Key
// (VCEK) Certificate and KDS Interface Specification", table "VCEK Certificate Extensions"):
// 1.3.6.1.4.1.3704.1.3.{1,2,3,8,9} bl/tee/snp/ucode/fmc SPL, .1.2 productName, .1.4 hwID,
// .1.5 csp_id (VLEK only).

#include <optional>
#include <string>

#include "veil/base/result.h"
#include "veil/crypto/certificate.h"
#include "veil/evidence/snp/tcb_version.h"

namespace veil::appraisal::snp {

struct VcekExtensions {
  evidence::snp::TcbVersion tcb;
  std::string product_name;           // e.g. "Milan-B0"; empty when absent
  std::optional<Bytes> hw_id;         // VCEK only: 64 bytes (8 on Turin)
  std::optional<std::string> csp_id;  // VLEK only
};

// hwID is accepted both as raw bytes (legacy KDS) and wrapped in a DER OCTET STRING.
Result<VcekExtensions> ReadVcekExtensions(const crypto::Certificate& certificate);

}  // namespace veil::appraisal::snp
