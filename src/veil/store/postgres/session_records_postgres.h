#pragma once
// store::SessionRecords on the `kbs_sessions` table (schema version 3), for trustee replicas
// sharing one PostgreSQL database. Insert runs in a transaction under an advisory lock, so the
// counts behind the limits and the insert are one step across every replica; ConsumeNonce is
// one conditional UPDATE, so a nonce replayed at another replica finds it used.

#include <cstddef>
#include <memory>
#include <string>

#include "veil/base/clock.h"
#include "veil/base/result.h"
#include "veil/store/session_records.h"

namespace veil::store::postgres {

// Connects to `url` (as OpenPostgresStore does, with a pool of its own of at most
// `max_connections`) and migrates the schema. `clock` dates migrations only.
Result<std::unique_ptr<SessionRecords>> OpenPostgresSessionRecords(const std::string& url,
                                                                   const Clock& clock,
                                                                   std::size_t max_connections = 4);

}  // namespace veil::store::postgres
