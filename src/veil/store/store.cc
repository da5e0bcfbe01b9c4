#include "veil/store/store.h"

namespace veil::store {

Result<std::vector<audit::AuditEntry>> ReadAllAudit(Store& store, std::size_t page_size) {
  if (page_size == 0) return Fail(InvalidArgument("audit page size: expected at least 1, got 0"));
  std::vector<audit::AuditEntry> all;
  std::uint64_t next = 1;
  while (true) {
    VEIL_ASSIGN_OR_RETURN(std::vector<audit::AuditEntry> page, store.ReadAudit(next, page_size));
    const bool last_page = page.size() < page_size;
    for (audit::AuditEntry& entry : page) all.push_back(std::move(entry));
    // Continue after the highest sequence read, so a gap (deleted entries) cannot loop forever.
    if (last_page || all.back().sequence == UINT64_MAX) return all;
    next = all.back().sequence + 1;
  }
}

}  // namespace veil::store
