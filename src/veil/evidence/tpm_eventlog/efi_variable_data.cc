#include "veil/evidence/tpm_eventlog/efi_variable_data.h"

#include <cstdio>

#include "veil/base/byte_reader.h"

namespace veil::evidence::tpm_eventlog {
namespace {

void AppendUtf8(std::uint32_t code_point, std::string& out) {
  if (code_point < 0x80) {
    out.push_back(static_cast<char>(code_point));
  } else if (code_point < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (code_point >> 6)));
    out.push_back(static_cast<char>(0x80 | (code_point & 0x3F)));
  } else if (code_point < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (code_point >> 12)));
    out.push_back(static_cast<char>(0x80 | ((code_point >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (code_point & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (code_point >> 18)));
    out.push_back(static_cast<char>(0x80 | ((code_point >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((code_point >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (code_point & 0x3F)));
  }
}

// UTF-16LE code units to UTF-8; a surrogate without its partner becomes U+FFFD.
std::string Utf16LeToUtf8(ByteSpan units) {
  std::string out;
  const std::size_t count = units.size() / 2;
  auto unit = [&](std::size_t i) {
    return static_cast<std::uint32_t>(units[2 * i] | (units[2 * i + 1] << 8));
  };
  for (std::size_t i = 0; i < count; ++i) {
    const std::uint32_t u = unit(i);
    if (u >= 0xD800 && u < 0xDC00 && i + 1 < count && unit(i + 1) >= 0xDC00 &&
        unit(i + 1) < 0xE000) {
      AppendUtf8(0x10000 + ((u - 0xD800) << 10) + (unit(i + 1) - 0xDC00), out);
      ++i;
    } else if (u >= 0xD800 && u < 0xE000) {
      AppendUtf8(0xFFFD, out);
    } else {
      AppendUtf8(u, out);
    }
  }
  return out;
}

}  // namespace

std::string GuidToString(const EfiGuid& g) {
  char buffer[37];
  std::snprintf(buffer, sizeof buffer,
                "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x", g[3], g[2],
                g[1], g[0], g[5], g[4], g[7], g[6], g[8], g[9], g[10], g[11], g[12], g[13], g[14],
                g[15]);
  return buffer;
}

Result<EfiVariableData> ParseEfiVariableData(ByteSpan event_data) {
  ByteReader reader(event_data);
  EfiVariableData variable;
  VEIL_ASSIGN_OR_RETURN(variable.guid, reader.Array<16>("UEFI_VARIABLE_DATA.VariableName"));
  VEIL_ASSIGN_OR_RETURN(std::uint64_t name_length,
                        reader.U64Le("UEFI_VARIABLE_DATA.UnicodeNameLength"));
  VEIL_ASSIGN_OR_RETURN(std::uint64_t data_length,
                        reader.U64Le("UEFI_VARIABLE_DATA.VariableDataLength"));
  // Compared before doubling, so a huge UnicodeNameLength cannot wrap.
  if (name_length > reader.remaining() / 2) {
    return Fail(Malformed("UEFI_VARIABLE_DATA.UnicodeNameLength " + std::to_string(name_length) +
                          " CHAR16 exceeds the " + std::to_string(reader.remaining()) +
                          " bytes that remain"));
  }
  VEIL_ASSIGN_OR_RETURN(ByteSpan name, reader.Bytes(static_cast<std::size_t>(name_length) * 2,
                                                    "UEFI_VARIABLE_DATA.UnicodeName"));
  variable.name = Utf16LeToUtf8(name);
  if (data_length > reader.remaining()) {
    return Fail(Malformed("UEFI_VARIABLE_DATA.VariableDataLength " + std::to_string(data_length) +
                          " exceeds the " + std::to_string(reader.remaining()) +
                          " bytes that remain"));
  }
  VEIL_ASSIGN_OR_RETURN(ByteSpan data, reader.Bytes(static_cast<std::size_t>(data_length),
                                                    "UEFI_VARIABLE_DATA.VariableData"));
  variable.data = ToBytes(data);
  VEIL_TRY(reader.ExpectEnd("UEFI_VARIABLE_DATA"));
  return variable;
}

}  // namespace veil::evidence::tpm_eventlog
