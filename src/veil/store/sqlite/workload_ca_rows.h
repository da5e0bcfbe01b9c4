#pragma once
// The workload CA tables (schema version 7): `workload_cas` (at most one current CA) and
// `workload_certificates`. Every function runs inside the caller's BEGIN IMMEDIATE transaction
// (reads may run outside one); validation of the values is the caller's, the conflicts named in
// store.h are checked here.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "veil/base/result.h"
#include "veil/store/sqlite/database.h"
#include "veil/store/store.h"
#include "veil/store/workload_ca.h"

namespace veil::store::sqlite {

Result<std::vector<WorkloadCaRecord>> SelectWorkloadCaRows(Database& db);
// Inserts `ca` as the current CA when there is none; true when it did.
Result<bool> InsertWorkloadCaIfNoCurrent(Database& db, const WorkloadCaRecord& ca,
                                         std::int64_t now);
Status RotateWorkloadCaRows(Database& db, std::string_view expected_current_id,
                            std::int64_t old_published_until, const WorkloadCaRecord& next,
                            std::int64_t now);
Status ResealWorkloadCaKeys(Database& db, const Store::Resealer& reseal);

Status InsertWorkloadCertificateRow(Database& db, const WorkloadCertificateRecord& certificate,
                                    std::int64_t now);
// `where` is "", "WHERE serial = ?1" or "WHERE attestation_digest = ?1" (bound to `value`).
Result<std::vector<WorkloadCertificateRecord>> SelectWorkloadCertificateRows(
    Database& db, std::string_view where = "", std::string_view value = "");
Result<std::vector<std::string>> RevokeWorkloadCertificateRows(Database& db,
                                                               const WorkloadRevocation& revocation,
                                                               std::int64_t now);

}  // namespace veil::store::sqlite
