#include "veil/store/postgres/session_records_postgres.h"

#include <chrono>
#include <cstdint>
#include <optional>
#include <utility>

#include "veil/store/postgres/connection.h"
#include "veil/store/postgres/connection_pool.h"
#include "veil/store/postgres/schema.h"
#include "veil/store/postgres/transaction.h"

namespace veil::store::postgres {
namespace {

// pg_advisory_xact_lock key serializing session inserts: ASCII "veilsess".
constexpr std::int64_t kSessionLock = 0x7665696c73657373;

std::int64_t Micros(TimePoint time) {
  return std::chrono::duration_cast<std::chrono::microseconds>(time.time_since_epoch()).count();
}

TimePoint FromMicros(std::int64_t micros) {
  return TimePoint{} +
         std::chrono::duration_cast<TimePoint::duration>(std::chrono::microseconds(micros));
}

template <class T>
Result<T> InSessionContext(Result<T> result) {
  if (!result) return Fail(std::move(result).error().WithContext("kbs sessions"));
  return result;
}

Result<std::int64_t> CountRows(Connection& connection, std::string_view sql,
                               std::initializer_list<Param> params = {}) {
  VEIL_ASSIGN_OR_RETURN(QueryResult row, connection.Execute(sql, params));
  return row.Int64(0, 0, "count");
}

class PostgresSessionRecords final : public SessionRecords {
 public:
  PostgresSessionRecords(std::string url, std::size_t max_connections, Connection first)
      : pool_(std::move(url), max_connections, std::move(first)) {}

  Result<SessionAdmission> Insert(const SessionRecord& record, SessionQuota quota,
                                  TimePoint now) override {
    return InSessionContext(InsertOnLease(record, quota, now));
  }

  Result<std::optional<SessionRecord>> Find(const std::string& key) override {
    return InSessionContext(FindOnLease(key));
  }

  Result<bool> ConsumeNonce(const std::string& key, TimePoint now) override {
    return InSessionContext(
        ChangeOne("UPDATE kbs_sessions SET nonce_used = true "
                  "WHERE id_hash = $1 AND NOT nonce_used AND expires > $2",
                  {Param::Text(key), Param::Integer(Micros(now))}));
  }

  Result<bool> SetToken(const std::string& key, const std::string& token) override {
    return InSessionContext(ChangeOne("UPDATE kbs_sessions SET token = $2 WHERE id_hash = $1",
                                      {Param::Text(key), Param::Text(token)}));
  }

  Result<std::size_t> Count() override {
    return InSessionContext([&]() -> Result<std::size_t> {
      VEIL_ASSIGN_OR_RETURN(ConnectionPool::Lease connection, pool_.Acquire());
      VEIL_ASSIGN_OR_RETURN(std::int64_t rows,
                            CountRows(*connection, "SELECT count(*) FROM kbs_sessions"));
      return static_cast<std::size_t>(rows);
    }());
  }

  Result<std::optional<TimePoint>> EarliestExpiry(TimePoint now) override {
    return InSessionContext([&]() -> Result<std::optional<TimePoint>> {
      VEIL_ASSIGN_OR_RETURN(ConnectionPool::Lease connection, pool_.Acquire());
      VEIL_ASSIGN_OR_RETURN(
          QueryResult row,
          connection->Execute("SELECT min(expires) FROM kbs_sessions WHERE expires > $1",
                              {Param::Integer(Micros(now))}));
      if (row.IsNull(0, 0)) return std::optional<TimePoint>();
      VEIL_ASSIGN_OR_RETURN(std::int64_t micros, row.Int64(0, 0, "kbs_sessions.expires"));
      return std::optional<TimePoint>(FromMicros(micros));
    }());
  }

 private:
  Result<SessionAdmission> InsertOnLease(const SessionRecord& record, SessionQuota quota,
                                         TimePoint now) {
    VEIL_ASSIGN_OR_RETURN(ConnectionPool::Lease connection, pool_.Acquire());
    // Declared after the lease, so it ends (rolling back unless committed) before the lease does.
    VEIL_ASSIGN_OR_RETURN(Transaction transaction, Transaction::Begin(*connection));
    VEIL_TRY(
        connection->Execute("SELECT pg_advisory_xact_lock($1)", {Param::Integer(kSessionLock)}));
    VEIL_TRY(connection->Execute("DELETE FROM kbs_sessions WHERE expires <= $1",
                                 {Param::Integer(Micros(now))}));
    VEIL_ASSIGN_OR_RETURN(SessionAdmission admission, Admit(*connection, record.client, quota));
    if (admission.outcome == SessionAdmission::Outcome::kAdmitted) {
      VEIL_TRY(connection->Execute(
          "INSERT INTO kbs_sessions "
          "(id_hash, nonce, tee, binding_hash, client, expires, nonce_used, token) "
          "VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
          {Param::Text(record.key), Param::Text(record.nonce), Param::Text(record.tee),
           Param::Text(record.binding_hash), Param::Text(record.client),
           Param::Integer(Micros(record.expires)), Param::Boolean(record.nonce_used),
           record.token ? Param::Text(*record.token) : Param::Null()}));
    }
    VEIL_TRY(transaction.Commit());  // the purge stands even when the newcomer is refused
    return admission;
  }

  static Result<SessionAdmission> Admit(Connection& connection, const std::string& client,
                                        SessionQuota quota) {
    VEIL_ASSIGN_OR_RETURN(std::int64_t rows,
                          CountRows(connection, "SELECT count(*) FROM kbs_sessions"));
    if (static_cast<std::size_t>(rows) >= quota.capacity)
      return SessionAdmission{SessionAdmission::Outcome::kFull, 0};
    VEIL_ASSIGN_OR_RETURN(
        std::int64_t held,
        CountRows(connection,
                  "SELECT count(*) FROM kbs_sessions WHERE client = $1 AND token IS NULL",
                  {Param::Text(client)}));
    if (static_cast<std::size_t>(held) >= quota.max_unattested_per_client)
      return SessionAdmission{SessionAdmission::Outcome::kClientFull,
                              static_cast<std::size_t>(held)};
    return SessionAdmission{};
  }

  Result<std::optional<SessionRecord>> FindOnLease(const std::string& key) {
    VEIL_ASSIGN_OR_RETURN(ConnectionPool::Lease connection, pool_.Acquire());
    VEIL_ASSIGN_OR_RETURN(
        QueryResult row,
        connection->Execute("SELECT nonce, tee, binding_hash, client, expires, nonce_used, token "
                            "FROM kbs_sessions WHERE id_hash = $1",
                            {Param::Text(key)}));
    if (row.rows() == 0) return std::optional<SessionRecord>();
    SessionRecord record;
    record.key = key;
    record.nonce = row.Text(0, 0);
    record.tee = row.Text(0, 1);
    record.binding_hash = row.Text(0, 2);
    record.client = row.Text(0, 3);
    VEIL_ASSIGN_OR_RETURN(std::int64_t expires, row.Int64(0, 4, "kbs_sessions.expires"));
    record.expires = FromMicros(expires);
    VEIL_ASSIGN_OR_RETURN(record.nonce_used, row.Boolean(0, 5, "kbs_sessions.nonce_used"));
    if (!row.IsNull(0, 6)) record.token = row.Text(0, 6);
    return std::optional<SessionRecord>(std::move(record));
  }

  Result<bool> ChangeOne(std::string_view sql, std::initializer_list<Param> params) {
    VEIL_ASSIGN_OR_RETURN(ConnectionPool::Lease connection, pool_.Acquire());
    VEIL_ASSIGN_OR_RETURN(QueryResult changed, connection->Execute(sql, params));
    return changed.ChangedRows() == 1;
  }

  ConnectionPool pool_;
};

}  // namespace

Result<std::unique_ptr<SessionRecords>> OpenPostgresSessionRecords(const std::string& url,
                                                                   const Clock& clock,
                                                                   std::size_t max_connections) {
  if (max_connections == 0)
    return Fail(
        InvalidArgument("connections: expected at least 1, got 0").WithContext("kbs sessions"));
  auto connection = Connection::Open(url);
  if (!connection) return Fail(std::move(connection).error().WithContext("kbs sessions"));
  VEIL_TRY(InSessionContext<void>(MigrateSchema(*connection, clock)));
  return std::unique_ptr<SessionRecords>(
      std::make_unique<PostgresSessionRecords>(url, max_connections, std::move(*connection)));
}

}  // namespace veil::store::postgres
