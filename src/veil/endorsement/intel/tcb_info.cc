#include "veil/endorsement/intel/tcb_info.h"

#include <algorithm>

#include "veil/endorsement/intel/pcs_json.h"
#include "veil/json/member.h"
#include "veil/json/parse.h"

namespace veil::endorsement::intel {
namespace {

using Json = nlohmann::json;

constexpr std::uint32_t kTcbInfoVersion = 3;

template <std::size_t N>
std::array<std::uint8_t, N> ToArray(const Bytes& bytes) {
  std::array<std::uint8_t, N> out{};
  std::copy_n(bytes.begin(), N, out.begin());
  return out;
}

Result<TeeKind> ParseKind(const Json& info) {
  VEIL_ASSIGN_OR_RETURN(const std::string id, StringMember(info, "id", "tcbInfo"));
  if (id == "SGX") return TeeKind::kSgx;
  if (id == "TDX") return TeeKind::kTdx;
  return Fail(Unsupported("tcbInfo: id \"" + id.substr(0, 16) + "\" is neither SGX nor TDX"));
}

// sgxtcbcomponents / tdxtcbcomponents: exactly 16 objects with an "svn" of at most 255.
Result<std::array<std::uint8_t, 16>> ParseComponents(const Json& tcb, std::string_view name,
                                                     const std::string& where) {
  VEIL_ASSIGN_OR_RETURN(const Json* components, ArrayMember(tcb, name, where));
  if (components->size() != 16) {
    return Fail(Malformed(where + ": \"" + std::string(name) +
                          "\" must hold 16 components, holds " +
                          std::to_string(components->size())));
  }
  std::array<std::uint8_t, 16> svns{};
  for (std::size_t i = 0; i < svns.size(); ++i) {
    const std::string at = where + "." + std::string(name) + "[" + std::to_string(i) + "]";
    VEIL_ASSIGN_OR_RETURN(const std::uint64_t svn,
                          UnsignedMember((*components)[i], "svn", 0xff, at));
    svns[i] = static_cast<std::uint8_t>(svn);
  }
  return svns;
}

Result<TcbLevel> ParseLevel(const Json& level, TeeKind kind, const std::string& where) {
  TcbLevel parsed;
  VEIL_ASSIGN_OR_RETURN(const Json* tcb, ObjectMember(level, "tcb", where));
  const std::string tcb_where = where + ".tcb";
  VEIL_ASSIGN_OR_RETURN(parsed.sgx_components,
                        ParseComponents(*tcb, "sgxtcbcomponents", tcb_where));
  VEIL_ASSIGN_OR_RETURN(const std::uint64_t pce_svn,
                        UnsignedMember(*tcb, "pcesvn", 0xffff, tcb_where));
  parsed.pce_svn = static_cast<std::uint16_t>(pce_svn);
  if (kind == TeeKind::kTdx) {
    VEIL_ASSIGN_OR_RETURN(parsed.tdx_components,
                          ParseComponents(*tcb, "tdxtcbcomponents", tcb_where));
  }
  VEIL_ASSIGN_OR_RETURN(parsed.tcb_date, DateMember(level, "tcbDate", where));
  VEIL_ASSIGN_OR_RETURN(parsed.status, StatusMember(level, where));
  VEIL_ASSIGN_OR_RETURN(parsed.advisory_ids, AdvisoryIdsMember(level, where));
  return parsed;
}

Result<TdxModule> ParseModule(const Json& module, bool with_levels, const std::string& where) {
  TdxModule parsed;
  if (with_levels) {
    VEIL_ASSIGN_OR_RETURN(parsed.id, StringMember(module, "id", where));
  }
  VEIL_ASSIGN_OR_RETURN(parsed.mrsigner, HexMember(module, "mrsigner", 48, where));
  VEIL_ASSIGN_OR_RETURN(parsed.attributes, HexMember(module, "attributes", 8, where));
  VEIL_ASSIGN_OR_RETURN(parsed.attributes_mask, HexMember(module, "attributesMask", 8, where));
  if (with_levels) {
    VEIL_ASSIGN_OR_RETURN(parsed.tcb_levels, IsvsvnLevelsMember(module, where));
  }
  return parsed;
}

Status ParseTdxParts(const Json& info, TcbInfo& out) {
  if (const Json* module = json::FindMember(info, "tdxModule")) {
    VEIL_ASSIGN_OR_RETURN(out.tdx_module, ParseModule(*module, false, "tcbInfo.tdxModule"));
  }
  if (!json::HasMember(info, "tdxModuleIdentities")) return {};
  VEIL_ASSIGN_OR_RETURN(const Json* identities,
                        ArrayMember(info, "tdxModuleIdentities", "tcbInfo"));
  for (std::size_t i = 0; i < identities->size(); ++i) {
    VEIL_ASSIGN_OR_RETURN(TdxModule module,
                          ParseModule((*identities)[i], true,
                                      "tcbInfo.tdxModuleIdentities[" + std::to_string(i) + "]"));
    out.tdx_module_identities.push_back(std::move(module));
  }
  return {};
}

Status ParseLevels(const Json& info, TcbInfo& out) {
  VEIL_ASSIGN_OR_RETURN(const Json* levels, ArrayMember(info, "tcbLevels", "tcbInfo"));
  if (levels->empty()) return Fail(Malformed("tcbInfo: \"tcbLevels\" is empty"));
  for (std::size_t i = 0; i < levels->size(); ++i) {
    VEIL_ASSIGN_OR_RETURN(
        TcbLevel level,
        ParseLevel((*levels)[i], out.kind, "tcbInfo.tcbLevels[" + std::to_string(i) + "]"));
    out.tcb_levels.push_back(std::move(level));
  }
  return {};
}

Status ParseHeader(const Json& info, TcbInfo& out) {
  VEIL_ASSIGN_OR_RETURN(out.kind, ParseKind(info));
  VEIL_ASSIGN_OR_RETURN(const std::uint64_t version,
                        UnsignedMember(info, "version", 0xffff, "tcbInfo"));
  if (version != kTcbInfoVersion) {
    return Fail(Unsupported("tcbInfo: version " + std::to_string(version) + " is not 3"));
  }
  out.version = static_cast<std::uint32_t>(version);
  VEIL_ASSIGN_OR_RETURN(out.issue_date, DateMember(info, "issueDate", "tcbInfo"));
  VEIL_ASSIGN_OR_RETURN(out.next_update, DateMember(info, "nextUpdate", "tcbInfo"));
  VEIL_ASSIGN_OR_RETURN(const Bytes fmspc, HexMember(info, "fmspc", 6, "tcbInfo"));
  out.fmspc = ToArray<6>(fmspc);
  VEIL_ASSIGN_OR_RETURN(const Bytes pce_id, HexMember(info, "pceId", 2, "tcbInfo"));
  out.pce_id = ToArray<2>(pce_id);
  VEIL_ASSIGN_OR_RETURN(const std::uint64_t tcb_type,
                        UnsignedMember(info, "tcbType", 0, "tcbInfo"));
  out.tcb_type = static_cast<std::uint32_t>(tcb_type);
  VEIL_ASSIGN_OR_RETURN(const std::uint64_t number,
                        UnsignedMember(info, "tcbEvaluationDataNumber", 0xffffffff, "tcbInfo"));
  out.tcb_evaluation_data_number = static_cast<std::uint32_t>(number);
  return {};
}

}  // namespace

std::string_view TeeKindName(TeeKind kind) { return kind == TeeKind::kSgx ? "SGX" : "TDX"; }

Result<TcbInfo> ParseTcbInfo(std::string_view text) {
  VEIL_ASSIGN_OR_RETURN(const Json info, json::ParseJsonObject(text, "tcbInfo"));
  TcbInfo out;
  VEIL_TRY(ParseHeader(info, out));
  if (out.kind == TeeKind::kTdx) VEIL_TRY(ParseTdxParts(info, out));
  VEIL_TRY(ParseLevels(info, out));
  return out;
}

}  // namespace veil::endorsement::intel
