#pragma once
// Connection: RAII over one libpq PGconn. Values only reach SQL as parameters of Execute
// (PQexecParams), never through string concatenation; rows come back in binary format
// (QueryResult). Not thread-safe: the owner serializes access (PostgresStore holds a mutex).
// Failures carry context "postgres": connection, resource, lock-timeout, shutdown and
// serialization failures -> kUnavailable; data exceptions -> kInvalidArgument; else kInternal.

#include <cstdint>
#include <initializer_list>
#include <memory>
#include <string>
#include <string_view>

#include <libpq-fe.h>

#include "veil/base/bytes.h"
#include "veil/base/result.h"
#include "veil/store/postgres/result.h"

namespace veil::store::postgres {

// One query parameter: text and bytea (sent in binary format: their bytes, length given, so a
// view need not end in NUL), a bigint or boolean (sent as text: "-12", "true"), or NULL. Text and
// Bytea borrow: the viewed bytes must outlive the Execute call. The server checks that text is
// UTF-8 without NUL (kInvalidArgument otherwise).
class Param {
 public:
  static Param Text(std::string_view text);
  static Param Integer(std::int64_t value);
  static Param Boolean(bool value);
  static Param Bytea(ByteSpan bytes);
  static Param Null() { return Param(nullptr, 0, kText); }

  const char* data() const { return owned_.empty() ? data_ : owned_.c_str(); }
  int length() const { return static_cast<int>(owned_.empty() ? size_ : owned_.size()); }
  int format() const { return format_; }

 private:
  static constexpr int kText = 0;
  static constexpr int kBinary = 1;
  Param(const char* data, std::size_t size, int format)
      : data_(data), size_(size), format_(format) {}

  const char* data_;
  std::size_t size_;
  int format_;
  std::string owned_;  // the decimal text of an Integer
};

struct ConnectionFinisher {
  void operator()(PGconn* connection) const noexcept { PQfinish(connection); }
};

class Connection {
 public:
  // Connects to `url` (a libpq connection URI or key=value string), with a 10 s connect timeout
  // unless the URL sets one, and a 10 s lock timeout. kInvalidArgument for a URL libpq cannot
  // parse; kUnavailable, with libpq's reason (never the password), when the server cannot be
  // reached or refuses the login.
  static Result<Connection> Open(const std::string& url);

  // One statement with parameters $1, $2, ...; rows in binary format.
  Result<QueryResult> Execute(std::string_view sql, std::initializer_list<Param> params = {});
  // Fixed SQL, possibly several statements, without parameters (migrations, BEGIN, COMMIT).
  Status ExecuteScript(std::string_view sql);

  // Reconnects when the server closed the connection (restart, failover, idle timeout); a no-op
  // while it is healthy. kUnavailable when reconnecting fails.
  Status EnsureConnected();
  // True inside BEGIN ... COMMIT (including a failed transaction not yet rolled back).
  bool InTransaction() const;

 private:
  explicit Connection(PGconn* connection) : connection_(connection) {}
  Status Configure();

  std::unique_ptr<PGconn, ConnectionFinisher> connection_;
};

}  // namespace veil::store::postgres
