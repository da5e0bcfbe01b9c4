#pragma once
// The TDX CC event log a guest sends with its quote (CoCo's "cc_eventlog"): the log area the ACPI
// CCEL table points at, which Linux exposes as /sys/firmware/acpi/tables/data/CCEL (root only).

#include <filesystem>
#include <optional>

#include "veil/base/bytes.h"
#include "veil/base/result.h"

namespace veil::agent::tsm {

inline constexpr const char* kDefaultCcEventLogPath = "/sys/firmware/acpi/tables/data/CCEL";
// The largest log area read (UEFI lets the firmware size it; TDVF uses 64 KiB to 256 KiB).
inline constexpr std::size_t kMaxCcEventLogBytes = std::size_t{16} << 20;

// nullopt when `path` does not exist (no CCEL: the evidence says null, as before). Otherwise the
// area's bytes, cut to the records when it parses as a CC event log
// (evidence/tpm_eventlog ParseCcEventLog: the unused tail is padding, and leaving it out keeps a
// 256 KiB area from filling the /attest request); an area that does not parse is sent whole, for
// the trustee to name what is wrong. kUnavailable (context "tdx", naming the path) when it exists
// but cannot be read; kInvalidArgument when it is larger than kMaxCcEventLogBytes.
Result<std::optional<Bytes>> ReadCcEventLog(const std::filesystem::path& path);

}  // namespace veil::agent::tsm
