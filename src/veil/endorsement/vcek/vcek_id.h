#pragma once
// Which VCEK signed an SEV-SNP report, when the report came without a certificate table: AMD
// derives one VCEK per chip and reported TCB, and AMD KDS serves it at
//   /vcek/v1/{product}/{hwid}?blSPL=..&teeSPL=..&snpSPL=..&ucodeSPL=..   (Turin adds fmcSPL)
// (AMD "Versioned Chip Endorsement Key (VCEK) Certificate and KDS Interface Specification",
// pub. 57230). hwid is CHIP_ID in lower-case hex: all 64 bytes, or the first 8 on Turin.

#include <string>
#include <vector>

#include "veil/base/result.h"
#include "veil/evidence/snp/product.h"
#include "veil/evidence/snp/report.h"
#include "veil/evidence/snp/tcb_version.h"

namespace veil::endorsement::vcek {

struct VcekId {
  evidence::snp::Product product;
  std::string hwid;
  evidence::snp::TcbVersion tcb;  // REPORTED_TCB in the product's layout
};

// The VCEKs that may have signed `report`: one when the report names its CPU (version 3 and
// later), Milan's and Genoa's for a version 2 report (their TCB layouts agree). kUnsupported for
// a VLEK-signed or unsigned report (only the cloud provider holds a VLEK) and for a masked
// CHIP_ID (KDS cannot be asked without it).
Result<std::vector<VcekId>> VcekCandidates(const evidence::snp::Report& report);

// "/vcek/v1/Milan/<hwid>?blSPL=3&teeSPL=0&snpSPL=8&ucodeSPL=115"
std::string KdsVcekPath(const VcekId& id);

// Where an offline store keeps it: "Milan/<hwid>/bl3-tee0-snp8-ucode115.der" (Turin: "fmc1-...").
std::string StoreRelativePath(const VcekId& id);

// "Milan chip d49554ec717f4e5b… at bl 3, tee 0, snp 8, ucode 115" for messages.
std::string DescribeVcek(const VcekId& id);

}  // namespace veil::endorsement::vcek
