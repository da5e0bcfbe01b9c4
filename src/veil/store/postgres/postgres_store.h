#pragma once
// The PostgreSQL implementation of store::Store, for trustees that share one database (several
// replicas) or run on a database the organisation already operates and backs up. Semantics are
// those of store.h, as SqliteStore has them; numbered schema migrations are applied at open.
// Every mutation, and its audit entry, commits in one transaction that first takes the audit lock
// (audit_rows.h), so writers on any number of connections keep one linear chain.

#include <cstddef>
#include <memory>
#include <string>

#include "veil/base/clock.h"
#include "veil/base/result.h"
#include "veil/store/store.h"

namespace veil::store::postgres {

// Connects to `url` (a libpq connection URI: postgresql://user:password@host:port/db?options)
// and migrates the schema to kSchemaVersion. `clock` dates every record and audit entry and must
// outlive the store. Each call runs on a connection of its own from a pool of at most
// `max_connections` (opened on demand; a thread finding all in use waits for one), and a
// connection the server closed is reopened when next used. kInvalidArgument for a URL libpq cannot
// parse, kUnavailable when the server cannot be reached or refuses the login, kUnsupported for a
// database with a newer schema than this build knows. Messages never contain the password.
Result<std::unique_ptr<Store>> OpenPostgresStore(const std::string& url, const Clock& clock,
                                                 std::size_t max_connections = 4);

}  // namespace veil::store::postgres
