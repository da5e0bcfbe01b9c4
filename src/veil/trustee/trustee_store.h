#pragma once
// The store a trustee (or an offline command such as rotate-kek) works on, as `config` selects it:
// PostgreSQL when [store] url / --store names one, else the SQLite database in the data directory.
// The one place a backend is chosen.

#include <memory>

#include "veil/base/clock.h"
#include "veil/base/result.h"
#include "veil/store/store.h"
#include "veil/trustee/config.h"

namespace veil::trustee {

// Expects EnsureDataDir to have accepted config.data_dir and its lock to be held.
Result<std::unique_ptr<store::Store>> OpenTrusteeStore(const TrusteeConfig& config,
                                                       const Clock& clock);

}  // namespace veil::trustee
