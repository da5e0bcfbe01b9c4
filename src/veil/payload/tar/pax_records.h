#pragma once
// The records of a pax extended header (typeflag 'x' or 'g'): POSIX.1-2017, pax, "pax Extended
// Header": each record is "<length> <keyword>=<value>\n" where <length> is the decimal size of
// the whole record, itself and the newline included.

#include <string>
#include <vector>

#include "veil/base/bytes.h"
#include "veil/base/result.h"

namespace veil::payload::tar {

// Far above the handful GNU tar writes per entry (path, size, times, owners, a few xattrs).
inline constexpr std::size_t kMaxPaxRecords = 256;

struct PaxRecord {
  std::string keyword;
  std::string value;  // raw bytes (UTF-8 by the standard); may be empty, which unsets a keyword
};

// kMalformed, naming the record's offset, for a length that is not decimal or overruns the data,
// a missing space, '=' or final newline, an empty keyword, a keyword given twice, or more than
// kMaxPaxRecords records. Linear in the size of `data`.
Result<std::vector<PaxRecord>> ParsePaxRecords(ByteSpan data);

}  // namespace veil::payload::tar
