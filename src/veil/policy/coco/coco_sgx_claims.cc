#include "veil/policy/coco/coco_sgx_claims.h"

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>

#include "veil/policy/coco/coco_claim_copy.h"

namespace veil::policy::coco {
namespace {

using nlohmann::json;

// claims[from] when it is a non-negative integer, as `width` little-endian bytes in hex: CoCo's
// hex::encode of the raw field.
void CopyLittleEndian(const json& claims, std::string_view from, std::size_t width, json& to,
                      std::string_view name) {
  const auto value = claims.find(from);
  if (value == claims.end() || !value->is_number_integer()) return;
  if (!value->is_number_unsigned() && value->get<std::int64_t>() < 0) return;
  to[std::string(name)] = LittleEndianHex(value->get<std::uint64_t>(), width);
}

json Header(const json& claims) {
  json header = json::object();
  CopyLittleEndian(claims, "quote_version", 2, header, "version");
  if (header.contains("version")) {
    // Veil's SGX parser accepts exactly these: ECDSA-256-with-P-256 keys (2), TEE type 0 (SGX).
    header["att_key_type"] = "0200";
    header["att_key_data_0"] = "00000000";
  }
  CopyLittleEndian(claims, "qe_svn", 2, header, "qe_svn");
  CopyLittleEndian(claims, "pce_svn", 2, header, "pce_svn");
  CopyString(claims, "qe_vendor_id", header, "vendor_id");
  CopyString(claims, "user_data", header, "user_data");
  return header;
}

// ATTRIBUTES (16 bytes) is FLAGS (8) then XFRM (8); CoCo names the halves.
void SplitAttributes(const json& claims, json& body) {
  const auto attributes = claims.find("attributes");
  if (attributes == claims.end() || !attributes->is_string()) return;
  const auto& hex = attributes->get_ref<const std::string&>();
  if (hex.size() != 32) return;
  body["attributes.flags"] = hex.substr(0, 16);
  body["attributes.xfrm"] = hex.substr(16);
}

json Body(const json& claims) {
  json body = json::object();
  for (std::string_view name : {"cpu_svn", "isv_ext_prod_id", "mr_enclave", "mr_signer",
                                "config_id", "isv_family_id", "report_data"})
    CopyString(claims, name, body, name);
  CopyLittleEndian(claims, "misc_select", 4, body, "misc_select");
  for (std::string_view name : {"isv_prod_id", "isv_svn", "config_svn"})
    CopyLittleEndian(claims, name, 2, body, name);
  SplitAttributes(claims, body);
  return body;
}

}  // namespace

json WithCocoSgxNames(json claims) {
  if (!claims.is_object()) return claims;
  json header = Header(claims);
  json body = Body(claims);
  if (header.empty() && body.empty()) return claims;
  claims["header"] = std::move(header);
  claims["body"] = std::move(body);
  if (claims.contains("tcb_status")) claims["collateral_expiration_status"] = "0";
  return claims;
}

json CocoSgxInitData(const json& claims) { return StringClaimOrNull(claims, "config_id"); }

}  // namespace veil::policy::coco
