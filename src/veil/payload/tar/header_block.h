#pragma once
// One 512-byte tar header block as GNU tar writes it, in POSIX ustar/pax form (magic "ustar\0",
// version "00") or GNU form (magic "ustar ", version " \0"). Layout: POSIX.1-2017, pax,
// "ustar Interchange Format" (name 0..99, mode 100, size 124, chksum 148, typeflag 156,
// linkname 157, magic 257, version 263, prefix 345..499). Only the fields extraction needs are
// decoded; owner, group and times are ignored. See docs/formats/payload.md.

#include <cstddef>
#include <cstdint>
#include <string>

#include "veil/base/bytes.h"
#include "veil/base/result.h"

namespace veil::payload::tar {

inline constexpr std::size_t kBlockSize = 512;

struct HeaderBlock {
  std::string name;  // ustar: prefix "/" name when the prefix is set; GNU: name (prefix unused)
  std::uint32_t mode = 0;  // permission bits as archived (07777 at most)
  std::uint64_t size = 0;  // bytes of data following the header
  char typeflag = '0';
  std::string linkname;  // the target of a link entry (only ever quoted in an error)
};

// True for a block of 512 zero bytes (two of them end an archive).
bool IsZeroBlock(ByteSpan block);

// Decodes one header block (exactly kBlockSize bytes). kMalformed for a wrong checksum (the sum
// of all bytes with chksum read as spaces), an unknown magic, or a number field that is not
// NUL/space-terminated octal; kUnsupported for base-256 numbers (GNU's form for sizes of 8 GiB
// and more).
Result<HeaderBlock> ParseHeaderBlock(ByteSpan block);

}  // namespace veil::payload::tar
