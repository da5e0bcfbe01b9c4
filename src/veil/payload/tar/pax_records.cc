#include "veil/payload/tar/pax_records.h"

#include <string_view>
#include <unordered_set>

#include "veil/payload/tar/entry_path.h"

namespace veil::payload::tar {
namespace {

constexpr std::size_t kMaxLengthDigits = 19;  // keeps the decimal length below 10^19 < 2^64

Error BadRecord(std::size_t offset, std::string_view why) {
  return Malformed("pax record at offset " + std::to_string(offset) + ": " + std::string(why));
}

// The decimal length that starts a record, and the position after its space.
Result<std::pair<std::size_t, std::size_t>> ParseLength(std::string_view rest, std::size_t offset) {
  const std::size_t space = rest.find(' ');
  if (space == 0 || space == std::string_view::npos || space > kMaxLengthDigits) {
    return Fail(BadRecord(offset, "expected a decimal length followed by a space"));
  }
  std::size_t length = 0;
  for (char c : rest.substr(0, space)) {
    if (c < '0' || c > '9') {
      return Fail(BadRecord(
          offset, "expected a decimal length, found " + QuoteName(rest.substr(0, space))));
    }
    length = length * 10 + static_cast<std::size_t>(c - '0');
  }
  if (length <= space + 1) {
    return Fail(BadRecord(offset, "length " + std::to_string(length) +
                                      " is shorter than the record's own length field"));
  }
  if (length > rest.size()) {
    return Fail(BadRecord(offset, "length " + std::to_string(length) + " does not fit the " +
                                      std::to_string(rest.size()) + " bytes that remain"));
  }
  return std::make_pair(length, space + 1);
}

Result<PaxRecord> ParseRecord(std::string_view record, std::size_t body_at, std::size_t offset) {
  if (record.back() != '\n')
    return Fail(BadRecord(offset, "does not end with a newline where its length says"));
  const std::string_view body = record.substr(body_at, record.size() - body_at - 1);
  const std::size_t equals = body.find('=');
  if (equals == std::string_view::npos) return Fail(BadRecord(offset, "expected keyword=value"));
  if (equals == 0) return Fail(BadRecord(offset, "empty keyword"));
  return PaxRecord{std::string(body.substr(0, equals)), std::string(body.substr(equals + 1))};
}

}  // namespace

Result<std::vector<PaxRecord>> ParsePaxRecords(ByteSpan data) {
  const std::string_view text(reinterpret_cast<const char*>(data.data()), data.size());
  std::vector<PaxRecord> records;
  std::unordered_set<std::string> keywords;  // the duplicate check stays linear
  for (std::size_t offset = 0; offset < text.size();) {
    if (records.size() == kMaxPaxRecords) {
      return Fail(BadRecord(
          offset, "more than " + std::to_string(kMaxPaxRecords) + " records in one pax header"));
    }
    const std::string_view rest = text.substr(offset);
    VEIL_ASSIGN_OR_RETURN(const auto length, ParseLength(rest, offset));
    VEIL_ASSIGN_OR_RETURN(PaxRecord record,
                          ParseRecord(rest.substr(0, length.first), length.second, offset));
    if (!keywords.insert(record.keyword).second) {
      return Fail(BadRecord(offset, "keyword " + QuoteName(record.keyword) + " given twice"));
    }
    records.push_back(std::move(record));
    offset += length.first;
  }
  return records;
}

}  // namespace veil::payload::tar
