#pragma once
// StatementCache: the prepared statements of one connection, kept by their SQL text so that a
// statement run on every request is parsed once per connection, not once per call. Database owns
// one and hands its entries out through Statement (database.h), one user at a time: an entry in
// use is "leased", and a second Prepare of the same text meanwhile gets a fresh statement of its
// own. Not thread-safe (the connection's owner serializes access). Bounded: past kCapacity texts,
// statements are prepared and finalized per use as before.

#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>

struct sqlite3_stmt;

namespace veil::store::sqlite {

struct StatementFinalizer {
  void operator()(sqlite3_stmt* statement) const noexcept;
};
using StatementPtr = std::unique_ptr<sqlite3_stmt, StatementFinalizer>;

class StatementCache {
 public:
  // The SQL texts of the store are constants in the code; this bounds a caller that builds them.
  static constexpr std::size_t kCapacity = 64;

  struct Entry {
    StatementPtr statement;
    bool leased = false;
    bool orphaned = false;  // the cache is gone: the lease owns the entry now
  };

  StatementCache() = default;
  StatementCache(StatementCache&&) noexcept = default;
  StatementCache& operator=(StatementCache&& other) noexcept;  // as the destructor, then moves
  // Finalizes every idle statement. One still leased (a Statement that outlives its Database, as
  // SQLite allows: sqlite3_close_v2 waits for it) is handed over to its lease, which finalizes it.
  ~StatementCache();

  // The entry for `sql`, now leased, or nullptr when `sql` is not cached or is leased already.
  Entry* LeaseIdle(std::string_view sql);
  // Keeps `statement` (just prepared from `sql`) and returns its entry, leased; nullptr, leaving
  // `statement` with the caller, when the cache is full or already holds `sql`.
  Entry* KeepLeased(std::string_view sql, StatementPtr& statement);
  // Ends a lease; the caller has reset the statement. Makes the entry available again, or, when
  // the cache is gone, finalizes the statement and frees the entry.
  static void Release(Entry* entry) noexcept;

  std::size_t size() const { return entries_.size(); }

 private:
  // Gives each leased entry to its lease and forgets every entry (the idle ones are finalized).
  void HandOverAndClear() noexcept;

  struct SqlHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view sql) const noexcept {
      return std::hash<std::string_view>{}(sql);
    }
  };
  // Entries are heap-allocated so that a lease's pointer survives rehashing and moves.
  std::unordered_map<std::string, std::unique_ptr<Entry>, SqlHash, std::equal_to<>> entries_;
};

}  // namespace veil::store::sqlite
