#pragma once
// The normalized claim set of an SNP report (the "claims" object of `veil evidence verify
// --json --tee snp`). Byte strings are lower-case hex; TCB values are decoded per product.

#include <nlohmann/json.hpp>

#include "veil/evidence/snp/guest_policy.h"
#include "veil/evidence/snp/product.h"
#include "veil/evidence/snp/report.h"

namespace veil::appraisal::snp {

nlohmann::json ReportClaims(const evidence::snp::Report& report, evidence::snp::Product product,
                            const evidence::snp::GuestPolicy& policy);

}  // namespace veil::appraisal::snp
