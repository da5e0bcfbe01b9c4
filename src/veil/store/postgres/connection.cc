#include "veil/store/postgres/connection.h"

#include <array>
#include <vector>

namespace veil::store::postgres {
namespace {

// libpq's messages end with a newline (and may span lines); an Error holds one line.
std::string OneLine(std::string_view message) {
  std::string line(message);
  while (!line.empty() && (line.back() == '\n' || line.back() == ' ')) line.pop_back();
  for (char& c : line) {
    if (c == '\n') c = ' ';
  }
  return line;
}

Error WithPostgresContext(Error error) { return std::move(error).WithContext("postgres"); }

// SQLSTATE classes (PostgreSQL 15 documentation, Appendix A) the caller may retry later.
bool IsTransient(std::string_view state) {
  for (std::string_view cls : {"08", "40", "53", "57"}) {
    if (state.starts_with(cls)) return true;
  }
  return state == "55P03";  // lock_not_available (lock_timeout)
}

Error ErrorOf(const PGresult* result, PGconn* connection) {
  if (result == nullptr || PQstatus(connection) == CONNECTION_BAD) {
    return WithPostgresContext(Unavailable(OneLine(PQerrorMessage(connection))));
  }
  const char* state_field = PQresultErrorField(result, PG_DIAG_SQLSTATE);
  const char* primary = PQresultErrorField(result, PG_DIAG_MESSAGE_PRIMARY);
  const std::string state = state_field != nullptr ? state_field : "";
  std::string message = primary != nullptr ? primary : OneLine(PQresultErrorMessage(result));
  if (!state.empty()) message += " (SQLSTATE " + state + ")";
  if (IsTransient(state)) return WithPostgresContext(Unavailable(std::move(message)));
  if (state.starts_with("22")) return WithPostgresContext(InvalidArgument(std::move(message)));
  return WithPostgresContext(Internal(std::move(message)));
}

void IgnoreNotice(void* /*unused*/, const char* /*message*/) {}

}  // namespace

Param Param::Integer(std::int64_t value) {
  Param param(nullptr, 0, kText);
  param.owned_ = std::to_string(value);
  return param;
}

Param Param::Text(std::string_view text) {
  // A non-null pointer even for zero bytes: a null one sends SQL NULL, not '' or ''::bytea.
  return Param(text.empty() ? "" : text.data(), text.size(), kBinary);
}

Param Param::Boolean(bool value) {
  const std::string_view text = value ? "true" : "false";  // text format: NUL-terminated
  return Param(text.data(), text.size(), kText);
}

Param Param::Bytea(ByteSpan bytes) {
  return Text(std::string_view(reinterpret_cast<const char*>(bytes.data()), bytes.size()));
}

Result<Connection> Connection::Open(const std::string& url) {
  char* parse_error = nullptr;
  PQconninfoOption* parsed = PQconninfoParse(url.c_str(), &parse_error);
  if (parsed == nullptr) {
    std::string reason = parse_error != nullptr ? OneLine(parse_error) : "out of memory";
    PQfreemem(parse_error);
    return Fail(WithPostgresContext(InvalidArgument("invalid connection URL: " + reason)));
  }
  PQconninfoFree(parsed);
  // Later keywords override earlier ones: the URL's own connect_timeout wins over the default.
  const std::array<const char*, 4> keywords = {"connect_timeout", "application_name", "dbname",
                                               nullptr};
  const std::array<const char*, 4> values = {"10", "veil-trustee", url.c_str(), nullptr};
  Connection connection(PQconnectdbParams(keywords.data(), values.data(), /*expand_dbname=*/1));
  if (connection.connection_ == nullptr)
    return Fail(WithPostgresContext(Unavailable("cannot connect: out of memory")));
  if (PQstatus(connection.connection_.get()) != CONNECTION_OK) {
    return Fail(WithPostgresContext(
        Unavailable("cannot connect: " + OneLine(PQerrorMessage(connection.connection_.get())))));
  }
  VEIL_TRY(connection.Configure());
  return connection;
}

Status Connection::Configure() {
  // NOTICEs (e.g. "relation already exists, skipping") would go to stderr by default.
  PQsetNoticeProcessor(connection_.get(), &IgnoreNotice, nullptr);
  // UTF-8 both ways: text is stored and returned byte for byte. A writer waiting longer than the
  // lock timeout for the audit lock gets kUnavailable, as SQLite's busy timeout gives.
  return ExecuteScript("SET client_encoding = 'UTF8'; SET lock_timeout = '10s';");
}

Result<QueryResult> Connection::Execute(std::string_view sql, std::initializer_list<Param> params) {
  const std::string statement(sql);
  std::vector<const char*> values;
  std::vector<int> lengths;
  std::vector<int> formats;
  for (const Param& param : params) {
    values.push_back(param.data());
    lengths.push_back(param.length());
    formats.push_back(param.format());
  }
  QueryResult result(PQexecParams(connection_.get(), statement.c_str(),
                                  static_cast<int>(params.size()), /*paramTypes=*/nullptr,
                                  values.data(), lengths.data(), formats.data(),
                                  /*resultFormat=*/1));
  const PGresult* raw = result.get();
  const ExecStatusType status = raw != nullptr ? PQresultStatus(raw) : PGRES_FATAL_ERROR;
  if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK)
    return Fail(ErrorOf(raw, connection_.get()));
  return result;
}

Status Connection::ExecuteScript(std::string_view sql) {
  const std::string script(sql);
  QueryResult result(PQexec(connection_.get(), script.c_str()));
  const PGresult* raw = result.get();
  const ExecStatusType status = raw != nullptr ? PQresultStatus(raw) : PGRES_FATAL_ERROR;
  if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK)
    return Fail(ErrorOf(raw, connection_.get()));
  return {};
}

Status Connection::EnsureConnected() {
  if (PQstatus(connection_.get()) == CONNECTION_OK) return {};
  PQreset(connection_.get());
  if (PQstatus(connection_.get()) != CONNECTION_OK) {
    return Fail(WithPostgresContext(
        Unavailable("cannot reconnect: " + OneLine(PQerrorMessage(connection_.get())))));
  }
  return Configure();
}

bool Connection::InTransaction() const {
  return PQtransactionStatus(connection_.get()) != PQTRANS_IDLE;
}

}  // namespace veil::store::postgres
