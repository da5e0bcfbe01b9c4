#pragma once
// Intel TCB Info v3 (PCS API v4 "TCB Info V3"), SGX and TDX flavours: the TCB levels Intel
// defines for one FMSPC, newest first, and for TDX the TDX module identities.
//
// ParseTcbInfo reads the `tcbInfo` value only (its signature is checked by signed_json.h over
// the exact bytes). It refuses an `id` other than "SGX"/"TDX", a version other than 3, a TDX
// level without tdxtcbcomponents, component arrays not of 16 entries, and values out of range;
// each error names the member ("tcbInfo.tcbLevels[2].tcb.pcesvn").

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "veil/base/bytes.h"
#include "veil/base/clock.h"
#include "veil/base/result.h"
#include "veil/endorsement/intel/tcb_status.h"

namespace veil::endorsement::intel {

enum class TeeKind { kSgx, kTdx };
std::string_view TeeKindName(TeeKind kind);  // "SGX", "TDX" (the JSON's `id`)

struct TcbLevel {
  std::array<std::uint8_t, 16> sgx_components{};
  std::uint16_t pce_svn = 0;
  std::optional<std::array<std::uint8_t, 16>> tdx_components;  // TDX only
  TimePoint tcb_date;
  TcbStatus status = TcbStatus::kRevoked;
  std::vector<std::string> advisory_ids;
};

struct TdxModule {
  std::string id;                       // "TDX_01"; empty for the `tdxModule` member
  Bytes mrsigner;                       // 48 bytes
  Bytes attributes;                     // 8 bytes
  Bytes attributes_mask;                // 8 bytes
  std::vector<IsvsvnLevel> tcb_levels;  // empty for the `tdxModule` member
};

struct TcbInfo {
  TeeKind kind = TeeKind::kSgx;
  std::uint32_t version = 0;
  TimePoint issue_date;
  TimePoint next_update;
  std::array<std::uint8_t, 6> fmspc{};
  std::array<std::uint8_t, 2> pce_id{};
  std::uint32_t tcb_type = 0;
  std::uint32_t tcb_evaluation_data_number = 0;
  std::optional<TdxModule> tdx_module;
  std::vector<TdxModule> tdx_module_identities;
  std::vector<TcbLevel> tcb_levels;  // in the order served (Intel sorts them newest first)
};

// `text` is the `tcbInfo` JSON value.
Result<TcbInfo> ParseTcbInfo(std::string_view text);

}  // namespace veil::endorsement::intel
