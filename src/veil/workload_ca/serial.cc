#include "veil/workload_ca/serial.h"

#include <algorithm>
#include <cctype>
#include <charconv>

#include "veil/crypto/random.h"
#include "veil/store/workload_ca.h"

namespace veil::workload_ca {

std::uint64_t RandomSerial() {
  while (true) {
    const Bytes random = crypto::RandomBytes(8);
    std::uint64_t serial = 0;
    for (std::uint8_t byte : random) serial = (serial << 8) | byte;
    serial &= 0x7fffffffffffffffULL;
    if (serial != 0) return serial;
  }
}

std::string SerialHex(std::uint64_t serial) {
  char text[16];
  const auto [end, error] = std::to_chars(std::begin(text), std::end(text), serial, 16);
  return std::string(text, end);
}

Result<std::uint64_t> ParseSerialHex(std::string_view text) {
  std::string lower(text.substr(0, 64));
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (lower.size() < text.size()) lower += "...";
  // `openssl x509 -serial` prints whole bytes: "0abc…" names the serial "abc…".
  const std::size_t digits = lower.find_first_not_of('0');
  if (digits != std::string::npos && digits > 0) lower.erase(0, digits);
  VEIL_TRY(store::ValidateWorkloadSerial(lower));
  std::uint64_t serial = 0;
  std::from_chars(lower.data(), lower.data() + lower.size(), serial, 16);
  return serial;
}

}  // namespace veil::workload_ca
