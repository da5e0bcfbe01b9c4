#include "veil/trustee/trustee_store.h"

#include <filesystem>

#include <spdlog/spdlog.h>

#include "veil/kbs/session_table.h"
#include "veil/kbs/shared_session_store.h"
#include "veil/store/postgres/postgres_store.h"
#include "veil/store/postgres/session_records_postgres.h"
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

Result<std::unique_ptr<kbs::SessionStore>> OpenTrusteeSessions(
    const TrusteeConfig& config, const Clock& clock,
    std::unique_ptr<store::SessionRecords>& records) {
  const kbs::SessionLimits limits{config.max_sessions, config.max_unattested_sessions_per_client};
  if (!config.store_url) {
    return std::unique_ptr<kbs::SessionStore>(
        std::make_unique<kbs::SessionTable>(clock, config.session_ttl, limits));
  }
  VEIL_ASSIGN_OR_RETURN(records,
                        store::postgres::OpenPostgresSessionRecords(*config.store_url, clock));
  spdlog::info("KBS sessions: in the PostgreSQL store, shared with every replica");
  return std::unique_ptr<kbs::SessionStore>(
      std::make_unique<kbs::SharedSessionStore>(*records, clock, config.session_ttl, limits));
}

}  // namespace veil::trustee
