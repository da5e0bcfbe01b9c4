#pragma once
// TCB level selection (Intel DCAP quote verification, "TCB level matching"), a pure function of
// parsed TCB Info and the platform's SVNs:
//  1. the TCB Info's FMSPC and PCE-ID are the PCK certificate's (CheckTcbInfoForPck);
//  2. the first level (in served order, newest first) where every PCK SGX TCB component SVN and
//     the PCESVN are at or above the level's, and for TDX every TEE_TCB_SVN byte is at or above
//     tdxtcbcomponents — bytes 0 and 1 excepted when TEE_TCB_SVN[1] > 0 (a TDX 1.5 module, whose
//     version is judged by its module identity instead, as Intel's QVL does);
//  3. TDX with TEE_TCB_SVN[1] > 0: the tdxModuleIdentities entry "TDX_%02X" of TEE_TCB_SVN[1]
//     and its first level with ISVSVN <= TEE_TCB_SVN[0]; an OutOfDate module makes an UpToDate or
//     SWHardeningNeeded platform OutOfDate, and a Configuration* platform
//     OutOfDateConfigurationNeeded; a Revoked module makes it Revoked. Advisories are merged.
// No matching level is kVerificationFailed ("no matching TCB level ..."): Intel's "TCB not
// supported". The caller decides what each status means (Revoked must be refused).

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "veil/base/result.h"
#include "veil/endorsement/intel/sgx_extensions.h"
#include "veil/endorsement/intel/tcb_info.h"

namespace veil::endorsement::intel {

struct PlatformTcb {
  std::array<std::uint8_t, 16> sgx_components{};            // from the PCK certificate
  std::uint16_t pce_svn = 0;                                // from the PCK certificate
  std::optional<std::array<std::uint8_t, 16>> tee_tcb_svn;  // TDX: from the TD report
};

struct TcbVerdict {
  TcbStatus status = TcbStatus::kRevoked;  // after merging the module's status
  TcbStatus platform_status = TcbStatus::kRevoked;
  TimePoint tcb_date;
  std::vector<std::string> advisory_ids;  // platform level, then module level
  std::optional<std::string> tdx_module_id;
  std::optional<IsvsvnLevel> tdx_module_level;
};

// kVerificationFailed naming both values when FMSPC or PCE-ID differ.
Status CheckTcbInfoForPck(const TcbInfo& tcb_info, const SgxExtensions& pck);

Result<TcbVerdict> SelectTcbLevel(const TcbInfo& tcb_info, const PlatformTcb& platform);

// The TD's TDX module is the one the TCB Info describes (Intel QVL's TDX module check): with
// TEE_TCB_SVN[1] == 0 against `tdxModule`, else against the `tdxModuleIdentities` entry
// "TDX_%02X" of TEE_TCB_SVN[1]; MRSIGNERSEAM (48 bytes) must equal its mrsigner and
// SEAMATTRIBUTES (8 bytes) under its attributesMask its attributes. kVerificationFailed names the
// field and both values.
Status CheckTdxModule(const TcbInfo& tcb_info, const std::array<std::uint8_t, 16>& tee_tcb_svn,
                      ByteSpan mrsignerseam, ByteSpan seam_attributes);

}  // namespace veil::endorsement::intel
