#include "veil/agent/attester/tsm/cc_eventlog_file.h"

#include <system_error>

#include "veil/base/file.h"
#include "veil/evidence/tpm_eventlog/event_log.h"

namespace veil::agent::tsm {

Result<std::optional<Bytes>> ReadCcEventLog(const std::filesystem::path& path) {
  std::error_code error;
  if (!std::filesystem::exists(path, error)) return std::optional<Bytes>();
  auto area = ReadFileBytes(path, kMaxCcEventLogBytes);
  if (!area) return Fail(std::move(area).error().WithContext("tdx"));
  const auto log = evidence::tpm_eventlog::ParseCcEventLog(*area);
  if (log) area->resize(log->used_bytes);
  return std::optional<Bytes>(*std::move(area));
}

}  // namespace veil::agent::tsm
