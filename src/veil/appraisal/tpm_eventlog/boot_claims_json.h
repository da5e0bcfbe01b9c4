#pragma once
// Boot claims (evidence/tpm_eventlog/boot_claims.h) as JSON, one shape for `veil evidence
// eventlog show --json` and the claims of appraisals that replayed the log:
//   secure_boot              true | false | null (not measured)
//   secure_boot_variables    [{name, event, data_size, digests}]   PK, KEK, db, dbx, log order
//   boot_applications        [{event, path, digests}]               log order
//   kernel_image             {event, path, digests} | null          GRUB logs only
//   kernel_cmdline           {event, pcr, source, text} | null      `pcr`: the PCR or CC MR index
//   sequence                 {"<pcr>": ["EV_...", ...]}             event types per register
// `digests` is an object {"sha256": "<hex>", ...} keyed by the log's bank names.

#include <vector>

#include <nlohmann/json.hpp>

#include "veil/evidence/tpm_eventlog/boot_claims.h"
#include "veil/evidence/tpm_eventlog/event_log.h"

namespace veil::appraisal::tpm_eventlog {

nlohmann::json DigestsJson(const std::vector<evidence::tpm_eventlog::EventDigest>& digests);

nlohmann::json BootClaimsJson(const evidence::tpm_eventlog::BootClaims& claims);

}  // namespace veil::appraisal::tpm_eventlog
