#include "veil/payload/tar/reader.h"

#include <algorithm>

#include "veil/base/hex.h"
#include "veil/payload/tar/entry_path.h"
#include "veil/payload/tar/header_block.h"
#include "veil/payload/tar/pax_records.h"

namespace veil::payload::tar {
namespace {

constexpr std::size_t kMaxDecimalDigits = 19;  // below 10^19 < 2^64

// What metadata headers said about the entry that follows them.
struct PendingMetadata {
  std::optional<std::size_t> offset;  // of the first metadata header
  std::optional<std::string> long_name;
  std::optional<std::string> pax_path;
  std::optional<std::uint64_t> pax_size;
  bool has_pax = false;
};

Error EntryError(ErrorCode code, std::string_view name, std::size_t offset, std::string_view why) {
  return Error{
      code, QuoteName(name) + " at offset " + std::to_string(offset) + ": " + std::string(why), {}};
}

Error OffsetError(ErrorCode code, std::size_t offset, std::string_view why) {
  return Error{code, "at offset " + std::to_string(offset) + ": " + std::string(why), {}};
}

std::string Typeflag(char typeflag) {
  const auto byte = static_cast<std::uint8_t>(typeflag);
  return byte >= 0x20 && byte < 0x7f ? "'" + std::string(1, typeflag) + "'"
                                     : "0x" + HexEncode(ByteSpan(&byte, 1));
}

// Why an entry of this type is refused.
std::string RefusalReason(const HeaderBlock& header) {
  switch (header.typeflag) {
    case '1':
      return "hard links are not allowed (link to " + QuoteName(header.linkname) + ")";
    case '2':
      return "symbolic links are not allowed (target " + QuoteName(header.linkname) + ")";
    case '3':
      return "character devices are not allowed";
    case '4':
      return "block devices are not allowed";
    case '6':
      return "FIFOs are not allowed";
    case 'K':
      return "GNU long link names ('K') are not allowed: they belong to links";
    case 'S':
      return "GNU sparse files ('S') are not supported";
    case 'M':
      return "GNU multi-volume continuations ('M') are not supported";
    case 'V':
      return "GNU volume labels ('V') are not supported";
    case 'D':
      return "GNU incremental directory dumps ('D') are not supported";
    case 'N':
      return "old GNU long names ('N') are not supported";
    default:
      return "unknown entry type " + Typeflag(header.typeflag);
  }
}

Result<std::uint64_t> ParseDecimal(std::string_view text) {
  if (text.empty() || text.size() > kMaxDecimalDigits ||
      !std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    return Fail(Malformed("expected a decimal number, found " + QuoteName(text)));
  }
  std::uint64_t value = 0;
  for (char c : text) value = value * 10 + static_cast<std::uint64_t>(c - '0');
  return value;
}

std::string_view AsText(ByteSpan data) {
  return {reinterpret_cast<const char*>(data.data()), data.size()};
}

bool IsSparseKeyword(std::string_view keyword) { return keyword.starts_with("GNU.sparse."); }

// GNU long name data: the name and its terminating NUL(s).
Status AddLongName(ByteSpan data, PendingMetadata& pending, std::size_t offset) {
  if (pending.long_name) {
    return Fail(OffsetError(ErrorCode::kMalformed, offset, "a second GNU long name for one entry"));
  }
  std::string_view name = AsText(data);
  while (!name.empty() && name.back() == '\0') name.remove_suffix(1);
  pending.long_name = std::string(name);
  return {};
}

// pax "path" and "size" override the header; other keywords (times, owners, xattrs) are ignored.
Status AddPaxHeader(ByteSpan data, PendingMetadata& pending, std::size_t offset) {
  if (pending.has_pax)
    return Fail(OffsetError(ErrorCode::kMalformed, offset, "a second pax header for one entry"));
  pending.has_pax = true;
  auto records = ParsePaxRecords(data);
  if (!records) return Fail(OffsetError(ErrorCode::kMalformed, offset, records.error().message));
  for (const PaxRecord& record : *records) {
    if (IsSparseKeyword(record.keyword)) {
      return Fail(OffsetError(ErrorCode::kUnsupported, offset,
                              "GNU sparse files (pax GNU.sparse.*) are not supported"));
    }
    if (record.keyword == "path" && !record.value.empty()) pending.pax_path = record.value;
    if (record.keyword == "size" && !record.value.empty()) {
      auto size = ParseDecimal(record.value);
      if (!size)
        return Fail(
            OffsetError(ErrorCode::kMalformed, offset, "pax size: " + size.error().message));
      pending.pax_size = *size;
    }
  }
  return {};
}

// A global header would change every entry after it; only keywords extraction ignores may appear.
Status CheckGlobalHeader(ByteSpan data, std::size_t offset) {
  auto records = ParsePaxRecords(data);
  if (!records) return Fail(OffsetError(ErrorCode::kMalformed, offset, records.error().message));
  for (const PaxRecord& record : *records) {
    if (record.keyword == "path" || record.keyword == "size" || IsSparseKeyword(record.keyword)) {
      return Fail(OffsetError(
          ErrorCode::kUnsupported, offset,
          "a pax global header ('g') setting " + QuoteName(record.keyword) + " is not supported"));
    }
  }
  return {};
}

Result<EntryType> EntryTypeOf(const HeaderBlock& header, std::string_view name,
                              std::size_t offset) {
  switch (header.typeflag) {
    case '0':
    case '\0':
    case '7':  // contiguous file: a regular file to everyone but its inventor
      if (name.ends_with('/')) {
        return Fail(EntryError(ErrorCode::kMalformed, name, offset,
                               "a regular file whose name ends in '/'"));
      }
      return EntryType::kFile;
    case '5':
      return EntryType::kDirectory;
    default:
      return Fail(EntryError(ErrorCode::kUnsupported, name, offset, RefusalReason(header)));
  }
}

// The data of the entry whose header is at `offset`, and the zero padding to the next block.
Result<ByteSpan> ReadData(ByteReader& reader, std::uint64_t size, std::string_view name,
                          std::size_t offset) {
  if (size > reader.remaining()) {
    return Fail(EntryError(ErrorCode::kMalformed, name, offset,
                           "truncated data: the header declares " + std::to_string(size) +
                               " bytes, " + std::to_string(reader.remaining()) + " remain"));
  }
  const auto length = static_cast<std::size_t>(size);
  VEIL_ASSIGN_OR_RETURN(ByteSpan data, reader.Bytes(length, "data"));
  const std::size_t padding = (kBlockSize - length % kBlockSize) % kBlockSize;
  if (padding > reader.remaining()) {
    return Fail(EntryError(
        ErrorCode::kMalformed, name, offset,
        "truncated: " + std::to_string(padding) + " bytes of padding to the next block missing"));
  }
  VEIL_TRY(reader.Skip(padding, "padding"));
  return data;
}

// A GNU long name ('L') or pax header ('x', 'g') at `offset`, folded into `pending`.
Status ReadMetadataHeader(ByteReader& reader, const HeaderBlock& header, std::size_t offset,
                          PendingMetadata& pending) {
  const bool long_name = header.typeflag == 'L';
  const std::size_t max_size = long_name ? kMaxLongNameSize + 1 : kMaxPaxHeaderSize;
  const std::string_view what = long_name ? "GNU long name" : "pax header";
  if (header.size > max_size) {
    return Fail(OffsetError(ErrorCode::kMalformed, offset,
                            std::string(what) + " of " + std::to_string(header.size) +
                                " bytes, more than the " + std::to_string(max_size) +
                                "-byte limit"));
  }
  VEIL_ASSIGN_OR_RETURN(ByteSpan data, ReadData(reader, header.size, what, offset));
  if (header.typeflag == 'g') return CheckGlobalHeader(data, offset);
  if (!pending.offset) pending.offset = offset;
  return long_name ? AddLongName(data, pending, offset) : AddPaxHeader(data, pending, offset);
}

// The file or directory whose header is at `offset`, with what metadata headers said about it.
Result<TarEntry> ReadEntry(ByteReader& reader, const HeaderBlock& header, std::size_t offset,
                           const PendingMetadata& pending) {
  if (pending.long_name && pending.pax_path) {
    return Fail(OffsetError(ErrorCode::kMalformed, *pending.offset,
                            "both a GNU long name and a pax path for one entry"));
  }
  TarEntry entry;
  entry.name = pending.pax_path    ? *pending.pax_path
               : pending.long_name ? *pending.long_name
                                   : header.name;
  entry.offset = pending.offset.value_or(offset);
  VEIL_ASSIGN_OR_RETURN(entry.type, EntryTypeOf(header, entry.name, entry.offset));
  entry.mode = header.mode;
  const std::uint64_t size = pending.pax_size.value_or(header.size);
  if (entry.type == EntryType::kDirectory && size != 0) {
    return Fail(EntryError(ErrorCode::kMalformed, entry.name, entry.offset,
                           "a directory with " + std::to_string(size) + " bytes of data"));
  }
  VEIL_ASSIGN_OR_RETURN(entry.data, ReadData(reader, size, entry.name, entry.offset));
  return entry;
}

// After the first zero block at `offset`: the second one, then only zero padding (GNU tar fills
// the last 10240-byte record).
Status ReadEndOfArchive(ByteReader& reader, std::size_t offset) {
  if (reader.remaining() < kBlockSize) {
    return Fail(OffsetError(ErrorCode::kMalformed, offset,
                            "truncated end-of-archive marker: one zero block, expected two"));
  }
  const ByteSpan second = *reader.Bytes(kBlockSize, "end-of-archive marker");
  if (!IsZeroBlock(second)) {
    return Fail(OffsetError(ErrorCode::kMalformed, offset,
                            "a lone zero block inside the archive (expected two at its end)"));
  }
  const std::size_t padding_at = reader.position();
  const ByteSpan padding = *reader.Bytes(reader.remaining(), "padding");
  const auto nonzero =
      std::find_if(padding.begin(), padding.end(), [](std::uint8_t b) { return b != 0; });
  if (nonzero != padding.end()) {
    return Fail(OffsetError(ErrorCode::kMalformed,
                            padding_at + static_cast<std::size_t>(nonzero - padding.begin()),
                            "data after the end-of-archive marker"));
  }
  return {};
}

}  // namespace

Result<std::optional<TarEntry>> TarReader::Next() {
  if (ended_) return std::optional<TarEntry>();
  PendingMetadata pending;
  while (true) {
    const std::size_t offset = reader_.position();
    if (reader_.remaining() < kBlockSize) {
      return Fail(
          OffsetError(ErrorCode::kMalformed, offset,
                      "truncated archive: " + std::to_string(reader_.remaining()) +
                          " bytes where a header or the end-of-archive marker was expected"));
    }
    const ByteSpan block = *reader_.Bytes(kBlockSize, "header");
    if (IsZeroBlock(block)) {
      if (pending.offset) {
        return Fail(OffsetError(ErrorCode::kMalformed, *pending.offset,
                                "extended header without the entry it describes"));
      }
      VEIL_TRY(ReadEndOfArchive(reader_, offset));
      ended_ = true;
      return std::optional<TarEntry>();
    }
    auto header = ParseHeaderBlock(block);
    if (!header)
      return Fail(
          std::move(header).error().WithContext("header at offset " + std::to_string(offset)));
    if (header->typeflag == 'L' || header->typeflag == 'x' || header->typeflag == 'g') {
      VEIL_TRY(ReadMetadataHeader(reader_, *header, offset, pending));
      continue;
    }
    VEIL_ASSIGN_OR_RETURN(TarEntry entry, ReadEntry(reader_, *header, offset, pending));
    return std::optional<TarEntry>(std::move(entry));
  }
}

}  // namespace veil::payload::tar
