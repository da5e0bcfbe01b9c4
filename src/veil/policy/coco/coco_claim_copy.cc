#include "veil/policy/coco/coco_claim_copy.h"

#include "veil/base/bytes.h"
#include "veil/base/hex.h"

namespace veil::policy::coco {

using nlohmann::json;

void CopyString(const json& claims, std::string_view from, json& to, std::string_view name) {
  const auto value = claims.find(from);
  if (value != claims.end() && value->is_string()) to[std::string(name)] = *value;
}

std::string LittleEndianHex(std::uint64_t value, std::size_t width) {
  Bytes bytes(width);
  for (std::size_t i = 0; i < width; ++i) bytes[i] = static_cast<std::uint8_t>(value >> (8 * i));
  return HexEncode(bytes);
}

json StringClaimOrNull(const json& claims, std::string_view name) {
  if (!claims.is_object()) return nullptr;
  const auto value = claims.find(name);
  if (value == claims.end() || !value->is_string()) return nullptr;
  return *value;
}

}  // namespace veil::policy::coco
