#pragma once
// UEFI_VARIABLE_DATA, the Event data of EV_EFI_VARIABLE_DRIVER_CONFIG, EV_EFI_VARIABLE_BOOT(2) and
// EV_EFI_VARIABLE_AUTHORITY events (TCG PC Client Platform Firmware Profile 1.06 rev 52,
// UEFI_VARIABLE_DATA structure): VariableName EFI_GUID (16 bytes), UnicodeNameLength u64 (in
// CHAR16), VariableDataLength u64, UnicodeName[UnicodeNameLength] (UTF-16LE, no terminator),
// VariableData[VariableDataLength]. Little-endian.

#include <array>
#include <cstdint>
#include <string>

#include "veil/base/bytes.h"
#include "veil/base/result.h"

namespace veil::evidence::tpm_eventlog {

using EfiGuid = std::array<std::uint8_t, 16>;  // as stored: Data1..3 little-endian, Data4 bytes

// "8be4df61-93ca-11d2-aa0d-00e098032b8c": the registry form (Data1..3 read little-endian).
std::string GuidToString(const EfiGuid& guid);

// EFI_GLOBAL_VARIABLE (UEFI 2.10, 3.3): SecureBoot, PK, KEK, Boot####, BootOrder.
inline constexpr std::string_view kEfiGlobalVariableGuid = "8be4df61-93ca-11d2-aa0d-00e098032b8c";
// EFI_IMAGE_SECURITY_DATABASE_GUID (UEFI 2.10, 32.6.1): db, dbx, dbt, dbr.
inline constexpr std::string_view kImageSecurityDatabaseGuid =
    "d719b2cb-3d3a-4596-a3bc-dad00e67656f";

struct EfiVariableData {
  EfiGuid guid{};
  std::string name;  // UnicodeName as UTF-8 (unpaired surrogates become U+FFFD)
  Bytes data;        // VariableData
};

// kMalformed when UnicodeNameLength or VariableDataLength exceeds what remains (checked before
// multiplying or allocating), when the structure is truncated, or when bytes trail it.
Result<EfiVariableData> ParseEfiVariableData(ByteSpan event_data);

}  // namespace veil::evidence::tpm_eventlog
