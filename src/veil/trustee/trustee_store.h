#pragma once
// The store a trustee (or an offline command such as rotate-kek) works on, as `config` selects it:
// PostgreSQL when [store] url / --store names one, else the SQLite database in the data directory.
// The one place a backend is chosen, for the store and for the KBS sessions.

#include <memory>

#include "veil/base/clock.h"
#include "veil/base/result.h"
#include "veil/kbs/session_store.h"
#include "veil/store/session_records.h"
#include "veil/store/store.h"
#include "veil/trustee/config.h"

namespace veil::trustee {

// Expects EnsureDataDir to have accepted config.data_dir and its lock to be held.
Result<std::unique_ptr<store::Store>> OpenTrusteeStore(const TrusteeConfig& config,
                                                       const Clock& clock);

// The KBS sessions: in the PostgreSQL database when the store is there, so any replica serves any
// step of a guest's handshake (`records` receives the rows they live in, which must outlive the
// result); else in this process (kbs::SessionTable). Limits and TTL from `config`.
Result<std::unique_ptr<kbs::SessionStore>> OpenTrusteeSessions(
    const TrusteeConfig& config, const Clock& clock,
    std::unique_ptr<store::SessionRecords>& records);

}  // namespace veil::trustee
