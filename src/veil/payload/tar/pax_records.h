#pragma once
// The records of a pax extended header (typeflag 'x' or 'g'): POSIX.1-2017, pax, "pax Extended
// Header": each record is "<length> <keyword>=<value>\n" where <length> is the decimal size of
// the whole record, itself and the newline included.

#include <string>
#include <vector>

#include "veil/base/bytes.h"
#include "veil/base/result.h"

namespace veil::payload::tar {

struct PaxRecord {
  std::string keyword;
  std::string value;  // raw bytes (UTF-8 by the standard); may be empty, which unsets a keyword
};

// kMalformed, naming the record's offset, for a length that is not decimal or overruns the data,
// a missing space, '=' or final newline, an empty keyword, or a keyword given twice.
Result<std::vector<PaxRecord>> ParsePaxRecords(ByteSpan data);

}  // namespace veil::payload::tar
