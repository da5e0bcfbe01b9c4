#pragma once
// Small pieces the coco_<tee>_claims renamings share: copying a string claim under CoCo's name,
// CoCo's little-endian hex of a raw integer field, and the claim CoCo calls init_data.

#include <cstddef>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

namespace veil::policy::coco {

// claims[from] when it is a string, copied into `to` as `name`; nothing otherwise.
void CopyString(const nlohmann::json& claims, std::string_view from, nlohmann::json& to,
                std::string_view name);

// The hex of `value` as `width` little-endian bytes: CoCo's hex::encode of the raw field.
std::string LittleEndianHex(std::uint64_t value, std::size_t width);

// claims[name] when `claims` is an object and that member is a string (the TEE field CoCo binds
// init_data to: host_data, mr_config_id, config_id); null otherwise.
nlohmann::json StringClaimOrNull(const nlohmann::json& claims, std::string_view name);

}  // namespace veil::policy::coco
