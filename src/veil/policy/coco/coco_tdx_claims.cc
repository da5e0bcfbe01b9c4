#include "veil/policy/coco/coco_tdx_claims.h"

#include <cstdint>
#include <string>
#include <string_view>

#include "veil/base/hex.h"
#include "veil/policy/coco/coco_claim_copy.h"

namespace veil::policy::coco {
namespace {

using nlohmann::json;

// TDATTRIBUTES (8 bytes, little-endian u64) as CoCo names its bits.
json TdAttributeFlags(std::string_view hex) {
  const auto bytes = HexDecode(hex);
  if (!bytes || bytes->size() != 8) return nullptr;
  std::uint64_t bits = 0;
  for (std::size_t i = 0; i < 8; ++i) bits |= std::uint64_t{(*bytes)[i]} << (8 * i);
  const auto bit = [bits](unsigned n) { return ((bits >> n) & 1U) != 0; };
  return {{"debug", bit(0)},
          {"septve_disable", bit(28)},
          {"protection_keys", bit(30)},
          {"key_locker", bit(31)},
          {"perfmon", bit(63)}};
}

json QuoteHeader(const json& claims) {
  json header = json::object();
  const auto version = claims.find("quote_version");
  if (version != claims.end() && version->is_number_unsigned()) {
    header["version"] = LittleEndianHex(version->get<std::uint64_t>(), 2);
    // Veil's TDX parser accepts exactly these: ECDSA-256-with-P-256 keys (2), TEE type 0x81.
    header["att_key_type"] = LittleEndianHex(2, 2);
    header["tee_type"] = LittleEndianHex(0x81, 4);
  }
  CopyString(claims, "qe_vendor_id", header, "vendor_id");
  CopyString(claims, "user_data", header, "user_data");
  return header;
}

json QuoteBody(const json& claims) {
  json body = json::object();
  constexpr std::pair<std::string_view, std::string_view> kNames[] = {
      {"tee_tcb_svn", "tcb_svn"},
      {"mr_seam", "mr_seam"},
      {"mr_signer_seam", "mrsigner_seam"},
      {"seam_attributes", "seam_attributes"},
      {"td_attributes", "td_attributes"},
      {"xfam", "xfam"},
      {"mr_td", "mr_td"},
      {"mr_config_id", "mr_config_id"},
      {"mr_owner", "mr_owner"},
      {"mr_owner_config", "mr_owner_config"},
      {"rtmr0", "rtmr_0"},
      {"rtmr1", "rtmr_1"},
      {"rtmr2", "rtmr_2"},
      {"rtmr3", "rtmr_3"},
      {"report_data", "report_data"},
      {"tee_tcb_svn2", "tee_tcb_svn2"},
      {"mr_service_td", "mr_servicetd"},
  };
  for (const auto& [veil, coco] : kNames) CopyString(claims, veil, body, coco);
  return body;
}

// CoCo's uefi_event_logs (trustee deps/eventlog EventlogEntry) from Veil's replayed "ccel"
// events: MR index, event type name, the SHA-384 digest and whether it is the digest of the data.
// CoCo's raw `event` data and parsed `details` are not carried by Veil's claims: details is {}.
json UefiEventLogs(const json& ccel) {
  const auto events = ccel.find("events");
  if (events == ccel.end() || !events->is_array()) return nullptr;
  json logs = json::array();
  for (const json& event : *events) {
    if (!event.is_object()) continue;
    logs.push_back(
        {{"index", event.value("mr", 0)},
         {"type_name", event.value("type", "")},
         {"digests", json::array({{{"alg", "SHA-384"}, {"digest", event.value("sha384", "")}}})},
         {"digest_matches_event", event.value("data_digest_matches", false)},
         {"details", json::object()}});
  }
  return logs;
}

}  // namespace

json WithCocoTdxNames(json claims) {
  if (!claims.is_object()) return claims;
  json header = QuoteHeader(claims);
  json body = QuoteBody(claims);
  if (header.empty() && body.empty()) return claims;
  json quote = {{"header", std::move(header)}, {"body", std::move(body)}};
  if (claims.value("quote_version", 0) == 5) {
    const bool td15 = claims.contains("mr_service_td");
    quote["type"] = LittleEndianHex(td15 ? 3 : 2, 2);
    quote["size"] = LittleEndianHex(td15 ? 648 : 584, 4);
  }
  json flags = claims.contains("td_attributes") && claims["td_attributes"].is_string()
                   ? TdAttributeFlags(claims["td_attributes"].get<std::string>())
                   : json(nullptr);
  claims["quote"] = std::move(quote);
  if (!flags.is_null()) claims["td_attributes"] = std::move(flags);
  if (claims.contains("ccel") && claims["ccel"].is_object()) {
    json logs = UefiEventLogs(claims["ccel"]);
    if (!logs.is_null()) claims["uefi_event_logs"] = std::move(logs);
  }
  if (claims.contains("tcb_status")) claims["collateral_expiration_status"] = "0";
  return claims;
}

json CocoTdxInitData(const json& claims) { return StringClaimOrNull(claims, "mr_config_id"); }

}  // namespace veil::policy::coco
