#include "veil/trustee/trustee_store.h"

#include <filesystem>

#include <spdlog/spdlog.h>

#include "veil/store/postgres/postgres_store.h"
#include "veil/store/sqlite/sqlite_store.h"

namespace veil::trustee {

Result<std::unique_ptr<store::Store>> OpenTrusteeStore(const TrusteeConfig& config,
                                                       const Clock& clock) {
  if (config.store_url) {
    spdlog::info("store: PostgreSQL (store.url)");
    return store::postgres::OpenPostgresStore(*config.store_url, clock);
  }
  const std::filesystem::path file = store::sqlite::SqliteStoreFile(config.data_dir);
  spdlog::info("store: SQLite {}", file.string());
  return store::sqlite::OpenSqliteStore(file, clock);
}

}  // namespace veil::trustee
