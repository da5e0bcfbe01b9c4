#include "veil/audit/canonical_encoding.h"

#include <limits>
#include <string>

#include "veil/base/rfc3339.h"

namespace veil::audit {
namespace {

void AppendBigEndian(Bytes& out, std::uint64_t value, std::size_t width) {
  for (std::size_t i = width; i-- > 0;) out.push_back(static_cast<std::uint8_t>(value >> (8 * i)));
}

Status AppendField(Bytes& out, std::string_view name, std::string_view value) {
  if (value.size() > std::numeric_limits<std::uint32_t>::max()) {
    return Fail(InvalidArgument("audit entry " + std::string(name) +
                                ": expected at most 2^32-1 bytes, got " +
                                std::to_string(value.size())));
  }
  AppendBigEndian(out, value.size(), 4);
  const ByteSpan bytes = AsBytes(value);
  out.insert(out.end(), bytes.begin(), bytes.end());
  return {};
}

}  // namespace

Result<Bytes> CanonicalAuditBytes(const AuditEntry& entry) {
  Bytes out;
  out.reserve(64 + entry.actor.size() + entry.action.size() + entry.subject.size() +
              entry.details.size());
  VEIL_TRY(AppendField(out, "tag", kAuditEncodingTag));
  AppendBigEndian(out, entry.sequence, 8);
  VEIL_TRY(AppendField(out, "time", FormatRfc3339(entry.time)));
  VEIL_TRY(AppendField(out, "actor", entry.actor));
  VEIL_TRY(AppendField(out, "action", entry.action));
  VEIL_TRY(AppendField(out, "subject", entry.subject));
  VEIL_TRY(AppendField(out, "details", entry.details));
  return out;
}

}  // namespace veil::audit
