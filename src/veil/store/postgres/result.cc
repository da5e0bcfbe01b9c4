#include "veil/store/postgres/result.h"

#include <charconv>

namespace veil::store::postgres {
namespace {

constexpr std::size_t kBigintSize = 8;

ByteSpan Value(const PGresult* result, int row, int column) {
  const auto* data = reinterpret_cast<const std::uint8_t*>(PQgetvalue(result, row, column));
  return {data, static_cast<std::size_t>(PQgetlength(result, row, column))};
}

}  // namespace

std::int64_t QueryResult::ChangedRows() const {
  const std::string_view text = PQcmdTuples(result_.get());
  std::int64_t changed = 0;
  (void)std::from_chars(text.data(), text.data() + text.size(), changed);  // "" for other commands
  return changed;
}

bool QueryResult::IsNull(int row, int column) const {
  return PQgetisnull(result_.get(), row, column) != 0;
}

std::string QueryResult::Text(int row, int column) const {
  const ByteSpan value = Value(result_.get(), row, column);
  return {value.begin(), value.end()};
}

Bytes QueryResult::Bytea(int row, int column) const {
  return ToBytes(Value(result_.get(), row, column));
}

Result<std::int64_t> QueryResult::Int64(int row, int column, std::string_view name) const {
  const ByteSpan value = Value(result_.get(), row, column);
  if (IsNull(row, column) || value.size() != kBigintSize) {
    return Fail(Malformed(std::string(name) + ": expected a bigint (8 bytes), got " +
                          std::to_string(value.size()) + " bytes"));
  }
  // Binary format: network byte order (big-endian) two's complement.
  std::uint64_t bits = 0;
  for (std::uint8_t byte : value) bits = (bits << 8U) | byte;
  return static_cast<std::int64_t>(bits);
}

Result<bool> QueryResult::Boolean(int row, int column, std::string_view name) const {
  const ByteSpan value = Value(result_.get(), row, column);
  if (IsNull(row, column) || value.size() != 1 || value[0] > 1) {
    return Fail(Malformed(std::string(name) + ": expected a boolean (one byte 0 or 1), got " +
                          std::to_string(value.size()) + " bytes"));
  }
  return value[0] == 1;
}

}  // namespace veil::store::postgres
