#include "veil/trustee/trustee_store.h"

#include "veil/store/sqlite/sqlite_store.h"

namespace veil::trustee {

Result<std::unique_ptr<store::Store>> OpenTrusteeStore(const TrusteeConfig& config,
                                                       const Clock& clock) {
  return store::sqlite::OpenSqliteStore(store::sqlite::SqliteStoreFile(config.data_dir), clock);
}

}  // namespace veil::trustee
