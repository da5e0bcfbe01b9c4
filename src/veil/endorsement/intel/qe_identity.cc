#include "veil/endorsement/intel/qe_identity.h"

#include <algorithm>

#include "veil/base/hex.h"
#include "veil/endorsement/intel/pcs_json.h"
#include "veil/json/parse.h"

namespace veil::endorsement::intel {
namespace {

using Json = nlohmann::json;

constexpr std::uint32_t kEnclaveIdentityVersion = 2;
constexpr std::string_view kWhere = "enclaveIdentity";

template <std::size_t N>
Result<std::array<std::uint8_t, N>> FixedHex(const Json& identity, std::string_view name) {
  VEIL_ASSIGN_OR_RETURN(const Bytes bytes, HexMember(identity, name, N, kWhere));
  std::array<std::uint8_t, N> out{};
  std::copy_n(bytes.begin(), N, out.begin());
  return out;
}

Result<std::uint32_t> BigEndianU32(const Json& identity, std::string_view name) {
  VEIL_ASSIGN_OR_RETURN(const auto bytes, FixedHex<4>(identity, name));
  return (std::uint32_t{bytes[0]} << 24) | (std::uint32_t{bytes[1]} << 16) |
         (std::uint32_t{bytes[2]} << 8) | std::uint32_t{bytes[3]};
}

Result<EnclaveKind> ParseKind(const Json& identity) {
  VEIL_ASSIGN_OR_RETURN(const std::string id, StringMember(identity, "id", kWhere));
  if (id == "QE") return EnclaveKind::kQe;
  if (id == "QVE") return EnclaveKind::kQve;
  if (id == "TD_QE") return EnclaveKind::kTdQe;
  return Fail(
      Unsupported("enclaveIdentity: id \"" + id.substr(0, 16) + "\" is not QE, QVE or TD_QE"));
}

Status ParseHeader(const Json& identity, QeIdentity& out) {
  VEIL_ASSIGN_OR_RETURN(out.kind, ParseKind(identity));
  VEIL_ASSIGN_OR_RETURN(const std::uint64_t version,
                        UnsignedMember(identity, "version", 0xffff, kWhere));
  if (version != kEnclaveIdentityVersion) {
    return Fail(Unsupported("enclaveIdentity: version " + std::to_string(version) + " is not 2"));
  }
  out.version = static_cast<std::uint32_t>(version);
  VEIL_ASSIGN_OR_RETURN(out.issue_date, DateMember(identity, "issueDate", kWhere));
  VEIL_ASSIGN_OR_RETURN(out.next_update, DateMember(identity, "nextUpdate", kWhere));
  VEIL_ASSIGN_OR_RETURN(const std::uint64_t number,
                        UnsignedMember(identity, "tcbEvaluationDataNumber", 0xffffffff, kWhere));
  out.tcb_evaluation_data_number = static_cast<std::uint32_t>(number);
  return {};
}

Status ParseIdentityFields(const Json& identity, QeIdentity& out) {
  VEIL_ASSIGN_OR_RETURN(out.miscselect, BigEndianU32(identity, "miscselect"));
  VEIL_ASSIGN_OR_RETURN(out.miscselect_mask, BigEndianU32(identity, "miscselectMask"));
  VEIL_ASSIGN_OR_RETURN(out.attributes, FixedHex<16>(identity, "attributes"));
  VEIL_ASSIGN_OR_RETURN(out.attributes_mask, FixedHex<16>(identity, "attributesMask"));
  VEIL_ASSIGN_OR_RETURN(out.mrsigner, FixedHex<32>(identity, "mrsigner"));
  VEIL_ASSIGN_OR_RETURN(const std::uint64_t isvprodid,
                        UnsignedMember(identity, "isvprodid", 0xffff, kWhere));
  out.isvprodid = static_cast<std::uint16_t>(isvprodid);
  return {};
}

std::array<std::uint8_t, 16> Masked(const std::array<std::uint8_t, 16>& value,
                                    const std::array<std::uint8_t, 16>& mask) {
  std::array<std::uint8_t, 16> out{};
  for (std::size_t i = 0; i < out.size(); ++i) out[i] = value[i] & mask[i];
  return out;
}

Status CheckIdentityFields(const QeIdentity& identity, const QeReportIdentity& qe) {
  if (qe.mrsigner != identity.mrsigner) {
    return Fail(VerificationFailed("QE identity: MRSIGNER mismatch: expected " +
                                   HexEncode(identity.mrsigner) + ", got " +
                                   HexEncode(qe.mrsigner)));
  }
  if (qe.isvprodid != identity.isvprodid) {
    return Fail(VerificationFailed("QE identity: ISVPRODID mismatch: expected " +
                                   std::to_string(identity.isvprodid) + ", got " +
                                   std::to_string(qe.isvprodid)));
  }
  if ((qe.miscselect & identity.miscselect_mask) != identity.miscselect) {
    return Fail(VerificationFailed("QE identity: MISCSELECT " + HexU64(qe.miscselect) +
                                   " under mask " + HexU64(identity.miscselect_mask) + " is not " +
                                   HexU64(identity.miscselect)));
  }
  if (Masked(qe.attributes, identity.attributes_mask) != identity.attributes) {
    return Fail(VerificationFailed("QE identity: ATTRIBUTES " + HexEncode(qe.attributes) +
                                   " under mask " + HexEncode(identity.attributes_mask) +
                                   " are not " + HexEncode(identity.attributes)));
  }
  return {};
}

}  // namespace

std::string_view EnclaveKindName(EnclaveKind kind) {
  switch (kind) {
    case EnclaveKind::kQe:
      return "QE";
    case EnclaveKind::kQve:
      return "QVE";
    case EnclaveKind::kTdQe:
      return "TD_QE";
  }
  return "?";
}

Result<QeIdentity> ParseQeIdentity(std::string_view text) {
  VEIL_ASSIGN_OR_RETURN(const Json identity, json::ParseJsonObject(text, "enclaveIdentity"));
  QeIdentity out;
  VEIL_TRY(ParseHeader(identity, out));
  VEIL_TRY(ParseIdentityFields(identity, out));
  VEIL_ASSIGN_OR_RETURN(out.tcb_levels, IsvsvnLevelsMember(identity, kWhere));
  return out;
}

Result<IsvsvnLevel> MatchQeIdentity(const QeIdentity& identity, const QeReportIdentity& qe) {
  VEIL_TRY(CheckIdentityFields(identity, qe));
  for (const IsvsvnLevel& level : identity.tcb_levels) {
    if (qe.isvsvn >= level.isvsvn) return level;
  }
  return Fail(VerificationFailed("QE identity: ISVSVN " + std::to_string(qe.isvsvn) +
                                 " is below every level of " +
                                 std::string(EnclaveKindName(identity.kind)) + " (lowest " +
                                 std::to_string(identity.tcb_levels.back().isvsvn) + ")"));
}

}  // namespace veil::endorsement::intel
