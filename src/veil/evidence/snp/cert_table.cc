#include "veil/evidence/snp/cert_table.h"

#include <algorithm>
#include <array>
#include <optional>
#include <string>

#include "veil/base/byte_reader.h"
#include "veil/base/hex.h"

namespace veil::evidence::snp {
namespace {

using Guid = std::array<std::uint8_t, 16>;

struct KnownGuid {
  const char* name;
  const char* text;
};

// GHCB specification rev 2.03, §4.1.8.1; CoCo (virtee/sev CertType) spells the names this way.
constexpr KnownGuid kKnownGuids[] = {
    {"VCEK", "63da758d-e664-4564-adc5-f4b93be8accd"},
    {"VLEK", "a8074bc2-a25a-483e-aae6-39c045a0b8a1"},
    {"ASK", "4ab7b379-bbac-4fe4-a02f-05aef327c782"},
    {"ARK", "c0b406a4-a803-4952-9743-3fb6014cd0ae"},
    {"CRL", "92f81bc3-5811-4d3d-97ff-d19f88dc67ea"},
};

Error TableError(std::string message) {
  return Error{ErrorCode::kMalformed, std::move(message), "snp cert table"};
}

std::string GuidText(const Guid& guid) {
  const std::string hex = HexEncode(guid);
  return hex.substr(0, 8) + "-" + hex.substr(8, 4) + "-" + hex.substr(12, 4) + "-" +
         hex.substr(16, 4) + "-" + hex.substr(20);
}

// "xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx" → its 16 bytes in the order written.
std::optional<Guid> GuidFromText(std::string_view text) {
  if (text.size() != 36 || text[8] != '-' || text[13] != '-' || text[18] != '-' ||
      text[23] != '-') {
    return std::nullopt;
  }
  std::string digits(text);
  digits.erase(std::remove(digits.begin(), digits.end(), '-'), digits.end());
  auto bytes = HexDecode(digits);
  if (!bytes || bytes->size() != 16) return std::nullopt;
  Guid guid{};
  std::copy(bytes->begin(), bytes->end(), guid.begin());
  return guid;
}

std::string TypeOfGuid(const Guid& guid) {
  std::string text = GuidText(guid);
  for (const KnownGuid& known : kKnownGuids) {
    if (text == known.text) return known.name;
  }
  return text;
}

std::optional<Guid> GuidOfType(std::string_view type) {
  for (const KnownGuid& known : kKnownGuids) {
    if (type == known.name) return GuidFromText(known.text);
  }
  return GuidFromText(type);
}

struct Header {
  Guid guid{};
  std::uint32_t offset = 0;
  std::uint32_t length = 0;
};

Result<Header> ReadHeader(ByteReader& reader, std::size_t index) {
  const std::string where = "cert table entry " + std::to_string(index);
  if (reader.remaining() < kCertTableHeaderSize) {
    return Fail(TableError("no all-zero terminating entry: entry " + std::to_string(index) +
                           " needs " + std::to_string(kCertTableHeaderSize) + " bytes, " +
                           std::to_string(reader.remaining()) + " remain"));
  }
  Header header;
  VEIL_ASSIGN_OR_RETURN(ByteSpan guid, reader.Bytes(header.guid.size(), where + " GUID"));
  std::copy(guid.begin(), guid.end(), header.guid.begin());
  VEIL_ASSIGN_OR_RETURN(header.offset, reader.U32Le(where + " offset"));
  VEIL_ASSIGN_OR_RETURN(header.length, reader.U32Le(where + " length"));
  return header;
}

// The headers up to, not including, the terminator.
Result<std::vector<Header>> ReadHeaders(ByteSpan table) {
  ByteReader reader(table);
  std::vector<Header> headers;
  while (true) {
    VEIL_ASSIGN_OR_RETURN(Header header, ReadHeader(reader, headers.size()));
    if (header.guid == Guid{}) {
      if (header.offset != 0 || header.length != 0) {
        return Fail(TableError("entry " + std::to_string(headers.size()) +
                               " has a zero GUID but offset " + std::to_string(header.offset) +
                               " and length " + std::to_string(header.length) +
                               " (a terminator is all zero)"));
      }
      return headers;
    }
    headers.push_back(header);
  }
}

Result<ByteSpan> Certificate(ByteSpan table, const Header& header, std::size_t index,
                             std::size_t headers_end) {
  const std::string entry = "entry " + std::to_string(index) + " (" + TypeOfGuid(header.guid) + ")";
  if (header.length == 0) return Fail(TableError(entry + " has an empty certificate"));
  if (header.offset < headers_end) {
    return Fail(TableError(entry + " points at offset " + std::to_string(header.offset) +
                           ", inside the headers, which end at " + std::to_string(headers_end)));
  }
  if (header.offset > table.size() || header.length > table.size() - header.offset) {
    return Fail(TableError(entry + " spans bytes " + std::to_string(header.offset) + "+" +
                           std::to_string(header.length) + ", past the end of the " +
                           std::to_string(table.size()) + "-byte table"));
  }
  return table.subspan(header.offset, header.length);
}

}  // namespace

Result<std::vector<CertTableEntry>> ParseCertTable(ByteSpan table) {
  std::vector<CertTableEntry> entries;
  if (table.empty()) return entries;
  VEIL_ASSIGN_OR_RETURN(const std::vector<Header> headers, ReadHeaders(table));
  const std::size_t headers_end = (headers.size() + 1) * kCertTableHeaderSize;
  for (std::size_t i = 0; i < headers.size(); ++i) {
    for (std::size_t j = 0; j < i; ++j) {
      if (headers[j].guid == headers[i].guid) {
        return Fail(TableError("entries " + std::to_string(j) + " and " + std::to_string(i) +
                               " both carry " + TypeOfGuid(headers[i].guid)));
      }
    }
    VEIL_ASSIGN_OR_RETURN(ByteSpan der, Certificate(table, headers[i], i, headers_end));
    entries.push_back({TypeOfGuid(headers[i].guid), ToBytes(der)});
  }
  return entries;
}

Result<Bytes> EncodeCertTable(std::span<const CertTableEntry> entries) {
  Bytes headers;
  Bytes certificates;
  std::size_t offset = (entries.size() + 1) * kCertTableHeaderSize;
  auto put_u32 = [&headers](std::size_t value) {
    for (int shift = 0; shift < 32; shift += 8)
      headers.push_back(static_cast<std::uint8_t>(value >> shift));
  };
  for (const CertTableEntry& entry : entries) {
    const std::optional<Guid> guid = GuidOfType(entry.type);
    if (!guid) {
      return Fail(InvalidArgument("certificate type \"" + entry.type +
                                  "\" is neither VCEK, VLEK, ASK, ARK, CRL nor a GUID"));
    }
    if (entry.der.empty())
      return Fail(InvalidArgument("the " + entry.type + " certificate is empty"));
    if (offset + entry.der.size() > 0xFFFFFFFFu)
      return Fail(InvalidArgument("certificates exceed 4 GiB"));
    headers.insert(headers.end(), guid->begin(), guid->end());
    put_u32(offset);
    put_u32(entry.der.size());
    certificates.insert(certificates.end(), entry.der.begin(), entry.der.end());
    offset += entry.der.size();
  }
  headers.resize(headers.size() + kCertTableHeaderSize, 0);
  headers.insert(headers.end(), certificates.begin(), certificates.end());
  return headers;
}

}  // namespace veil::evidence::snp
