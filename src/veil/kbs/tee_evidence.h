#pragma once
// Appraises the "primary_evidence" of an /attest request for the session's TEE, in the JSON
// shapes CoCo guests send (KBS-PROTOCOL.md §2), bound to the expected report data and, when the
// guest sent init-data, to its digest (SNP HOST_DATA, TPM PCR 8).

#include <optional>
#include <string_view>

#include <nlohmann/json.hpp>

#include "veil/appraisal/verified_claims.h"
#include "veil/base/bytes.h"
#include "veil/base/clock.h"
#include "veil/base/result.h"
#include "veil/kbs/init_data.h"

namespace veil::kbs {

struct TeeEvidenceInput {
  std::string_view tee;  // "snp", "tpm", "sample"
  const nlohmann::json& primary_evidence;
  ByteSpan report_data;  // 64 bytes (ExpectedReportData)
  const std::optional<InitData>& init_data;
  const Clock& clock;
};

// kUnsupported for TEEs Veil cannot appraise yet; otherwise the appraisal's own errors.
Result<appraisal::VerifiedClaims> AppraiseTeeEvidence(const TeeEvidenceInput& input);

// TEEs /auth accepts.
bool IsSupportedTee(std::string_view tee);

}  // namespace veil::kbs
