#include "veil/store/sqlite/statement_cache.h"

#include <sqlite3.h>

#include <utility>

namespace veil::store::sqlite {

void StatementFinalizer::operator()(sqlite3_stmt* statement) const noexcept {
  sqlite3_finalize(statement);
}

StatementCache::~StatementCache() { HandOverAndClear(); }

StatementCache& StatementCache::operator=(StatementCache&& other) noexcept {
  if (this != &other) {
    HandOverAndClear();
    entries_ = std::move(other.entries_);
    other.entries_.clear();
  }
  return *this;
}

void StatementCache::HandOverAndClear() noexcept {
  for (auto& [sql, entry] : entries_) {
    if (!entry->leased) continue;
    entry->orphaned = true;
    (void)entry.release();  // now owned by its lease (Release)
  }
  entries_.clear();
}

void StatementCache::Release(Entry* entry) noexcept {
  if (entry->orphaned) {
    delete entry;  // NOLINT(cppcoreguidelines-owning-memory): handed over by ~StatementCache
    return;
  }
  entry->leased = false;
}

StatementCache::Entry* StatementCache::LeaseIdle(std::string_view sql) {
  const auto found = entries_.find(sql);
  if (found == entries_.end() || found->second->leased) return nullptr;
  found->second->leased = true;
  return found->second.get();
}

StatementCache::Entry* StatementCache::KeepLeased(std::string_view sql, StatementPtr& statement) {
  if (entries_.size() >= kCapacity || entries_.contains(sql)) return nullptr;
  auto entry = std::make_unique<Entry>(Entry{std::move(statement), true});
  Entry* kept = entry.get();
  entries_.emplace(std::string(sql), std::move(entry));
  return kept;
}

}  // namespace veil::store::sqlite
