#include "veil/endorsement/intel/tcb_level.h"

#include <algorithm>
#include <cstdio>

#include "veil/base/hex.h"

namespace veil::endorsement::intel {
namespace {

bool AllAtLeast(const std::array<std::uint8_t, 16>& have, const std::array<std::uint8_t, 16>& need,
                std::size_t from) {
  for (std::size_t i = from; i < have.size(); ++i) {
    if (have[i] < need[i]) return false;
  }
  return true;
}

bool IsTdx15Module(const PlatformTcb& platform) {
  return platform.tee_tcb_svn && (*platform.tee_tcb_svn)[1] > 0;
}

bool LevelMatches(const TcbLevel& level, const PlatformTcb& platform) {
  if (!AllAtLeast(platform.sgx_components, level.sgx_components, 0)) return false;
  if (platform.pce_svn < level.pce_svn) return false;
  if (!platform.tee_tcb_svn) return true;
  return level.tdx_components &&
         AllAtLeast(*platform.tee_tcb_svn, *level.tdx_components, IsTdx15Module(platform) ? 2 : 0);
}

std::string DescribePlatform(const PlatformTcb& platform) {
  std::string text = "SGX components " + HexEncode(platform.sgx_components) + ", PCESVN " +
                     std::to_string(platform.pce_svn);
  if (platform.tee_tcb_svn) text += ", TEE_TCB_SVN " + HexEncode(*platform.tee_tcb_svn);
  return text;
}

Status CheckKinds(const TcbInfo& tcb_info, const PlatformTcb& platform) {
  if (tcb_info.kind == TeeKind::kTdx && !platform.tee_tcb_svn)
    return Fail(InvalidArgument("TDX TCB Info needs the TD's TEE_TCB_SVN"));
  if (tcb_info.kind == TeeKind::kSgx && platform.tee_tcb_svn)
    return Fail(InvalidArgument("SGX TCB Info cannot judge a TEE_TCB_SVN; use TDX TCB Info"));
  return {};
}

std::string ModuleId(std::uint8_t version) {
  char id[8];
  std::snprintf(id, sizeof id, "TDX_%02X", static_cast<unsigned>(version));
  return id;
}

Result<IsvsvnLevel> SelectModuleLevel(const TcbInfo& tcb_info, const std::string& id,
                                      std::uint8_t isvsvn) {
  for (const TdxModule& module : tcb_info.tdx_module_identities) {
    if (module.id != id) continue;
    for (const IsvsvnLevel& level : module.tcb_levels) {
      if (isvsvn >= level.isvsvn) return level;
    }
    return Fail(VerificationFailed("no matching TCB level of TDX module " + id + " for ISVSVN " +
                                   std::to_string(isvsvn)));
  }
  return Fail(VerificationFailed("TCB Info has no TDX module identity " + id));
}

TcbStatus Converge(TcbStatus platform, TcbStatus module) {
  if (module == TcbStatus::kRevoked) return TcbStatus::kRevoked;
  if (module != TcbStatus::kOutOfDate) return platform;
  switch (platform) {
    case TcbStatus::kUpToDate:
    case TcbStatus::kSwHardeningNeeded:
      return TcbStatus::kOutOfDate;
    case TcbStatus::kConfigurationNeeded:
    case TcbStatus::kConfigurationAndSwHardeningNeeded:
      return TcbStatus::kOutOfDateConfigurationNeeded;
    default:
      return platform;
  }
}

Status ApplyModule(const TcbInfo& tcb_info, const PlatformTcb& platform, TcbVerdict& verdict) {
  const std::string id = ModuleId((*platform.tee_tcb_svn)[1]);
  VEIL_ASSIGN_OR_RETURN(IsvsvnLevel level,
                        SelectModuleLevel(tcb_info, id, (*platform.tee_tcb_svn)[0]));
  verdict.status = Converge(verdict.platform_status, level.status);
  verdict.advisory_ids.insert(verdict.advisory_ids.end(), level.advisory_ids.begin(),
                              level.advisory_ids.end());
  verdict.tdx_module_id = id;
  verdict.tdx_module_level = std::move(level);
  return {};
}

const TdxModule* FindModule(const TcbInfo& tcb_info, std::uint8_t version) {
  if (version == 0) return tcb_info.tdx_module ? &*tcb_info.tdx_module : nullptr;
  const std::string id = ModuleId(version);
  for (const TdxModule& module : tcb_info.tdx_module_identities) {
    if (module.id == id) return &module;
  }
  return nullptr;
}

}  // namespace

Status CheckTdxModule(const TcbInfo& tcb_info, const std::array<std::uint8_t, 16>& tee_tcb_svn,
                      ByteSpan mrsignerseam, ByteSpan seam_attributes) {
  const TdxModule* module = FindModule(tcb_info, tee_tcb_svn[1]);
  const std::string name = tee_tcb_svn[1] == 0 ? "tdxModule" : ModuleId(tee_tcb_svn[1]);
  if (module == nullptr) return Fail(VerificationFailed("TCB Info has no TDX module " + name));
  if (!std::equal(mrsignerseam.begin(), mrsignerseam.end(), module->mrsigner.begin(),
                  module->mrsigner.end())) {
    return Fail(VerificationFailed("TDX module " + name + ": MRSIGNERSEAM mismatch: expected " +
                                   HexEncode(module->mrsigner) + ", got " +
                                   HexEncode(mrsignerseam)));
  }
  Bytes masked(seam_attributes.begin(), seam_attributes.end());
  if (masked.size() != module->attributes_mask.size()) {
    return Fail(InvalidArgument("SEAMATTRIBUTES must be 8 bytes"));
  }
  for (std::size_t i = 0; i < masked.size(); ++i) masked[i] &= module->attributes_mask[i];
  if (masked != module->attributes) {
    return Fail(VerificationFailed(
        "TDX module " + name + ": SEAMATTRIBUTES " + HexEncode(seam_attributes) + " under mask " +
        HexEncode(module->attributes_mask) + " are not " + HexEncode(module->attributes)));
  }
  return {};
}

Status CheckTcbInfoForPck(const TcbInfo& tcb_info, const SgxExtensions& pck) {
  if (tcb_info.fmspc != pck.fmspc) {
    return Fail(VerificationFailed("TCB Info is for FMSPC " + HexEncode(tcb_info.fmspc) +
                                   ", the PCK certificate's is " + HexEncode(pck.fmspc)));
  }
  if (tcb_info.pce_id != pck.pce_id) {
    return Fail(VerificationFailed("TCB Info is for PCE-ID " + HexEncode(tcb_info.pce_id) +
                                   ", the PCK certificate's is " + HexEncode(pck.pce_id)));
  }
  return {};
}

Result<TcbVerdict> SelectTcbLevel(const TcbInfo& tcb_info, const PlatformTcb& platform) {
  VEIL_TRY(CheckKinds(tcb_info, platform));
  for (const TcbLevel& level : tcb_info.tcb_levels) {
    if (!LevelMatches(level, platform)) continue;
    TcbVerdict verdict;
    verdict.status = verdict.platform_status = level.status;
    verdict.tcb_date = level.tcb_date;
    verdict.advisory_ids = level.advisory_ids;
    if (IsTdx15Module(platform)) VEIL_TRY(ApplyModule(tcb_info, platform, verdict));
    return verdict;
  }
  return Fail(VerificationFailed("no matching TCB level in " +
                                 std::string(TeeKindName(tcb_info.kind)) + " TCB Info for FMSPC " +
                                 HexEncode(tcb_info.fmspc) + " (" + DescribePlatform(platform) +
                                 "): TCB not supported"));
}

}  // namespace veil::endorsement::intel
