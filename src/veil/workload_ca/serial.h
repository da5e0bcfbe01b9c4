#pragma once
// Certificate serial numbers: random, positive, 63 bits (RFC 5280 §4.1.2.2 asks for at most 20
// octets; CA/Browser Forum practice for at least 64 bits of which one is the sign), written as
// lower-case hex without leading zeros ("the serial" in the API, the store and the CLI).

#include <cstdint>
#include <string>
#include <string_view>

#include "veil/base/result.h"

namespace veil::workload_ca {

std::uint64_t RandomSerial();  // 1 .. 2^63 - 1 from the CSPRNG
std::string SerialHex(std::uint64_t serial);
// Case-insensitive, leading zeros ignored (OpenSSL prints whole bytes); kInvalidArgument unless
// store::ValidateWorkloadSerial accepts the rest in lower case.
Result<std::uint64_t> ParseSerialHex(std::string_view text);

}  // namespace veil::workload_ca
