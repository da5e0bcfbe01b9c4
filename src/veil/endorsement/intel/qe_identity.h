#pragma once
// Intel Enclave Identity v2 (PCS API v4 "Enclave Identity V2"): what a genuine Quoting Enclave
// (QE for SGX, TD_QE for TDX) or QvE looks like, and the status of each ISVSVN.
//
// ParseQeIdentity reads the `enclaveIdentity` value only (its signature is checked by
// signed_json.h). It refuses an unknown id, a version other than 2 and fields of the wrong size;
// errors name the member ("enclaveIdentity.mrsigner").
//
// MatchQeIdentity follows Intel's QvE check: MRSIGNER and ISVPRODID equal, MISCSELECT and
// ATTRIBUTES equal under their masks, then the first level (newest first) whose ISVSVN is at or
// below the QE's gives its status. kVerificationFailed names the field and both values.

#include <array>
#include <cstdint>
#include <string_view>
#include <vector>

#include "veil/base/bytes.h"
#include "veil/base/clock.h"
#include "veil/base/result.h"
#include "veil/endorsement/intel/tcb_status.h"

namespace veil::endorsement::intel {

enum class EnclaveKind { kQe, kQve, kTdQe };
std::string_view EnclaveKindName(EnclaveKind kind);  // "QE", "QVE", "TD_QE"

struct QeIdentity {
  EnclaveKind kind = EnclaveKind::kQe;
  std::uint32_t version = 0;
  TimePoint issue_date;
  TimePoint next_update;
  std::uint32_t tcb_evaluation_data_number = 0;
  // The JSON hex read big-endian, so it compares with the report's little-endian u32 value.
  std::uint32_t miscselect = 0;
  std::uint32_t miscselect_mask = 0;
  std::array<std::uint8_t, 16> attributes{};  // byte order as in the SGX report
  std::array<std::uint8_t, 16> attributes_mask{};
  std::array<std::uint8_t, 32> mrsigner{};
  std::uint16_t isvprodid = 0;
  std::vector<IsvsvnLevel> tcb_levels;
};

// `text` is the `enclaveIdentity` JSON value.
Result<QeIdentity> ParseQeIdentity(std::string_view text);

// The identity fields of a QE report (SGX report body, Intel SGX ECDSA Quote Library Reference,
// "Enclave Report": MISCSELECT u32 @16, ATTRIBUTES @48, MRSIGNER @128, ISVPRODID @256, ISVSVN
// @258).
struct QeReportIdentity {
  std::uint32_t miscselect = 0;
  std::array<std::uint8_t, 16> attributes{};
  std::array<std::uint8_t, 32> mrsigner{};
  std::uint16_t isvprodid = 0;
  std::uint16_t isvsvn = 0;
};

// The matching level; kVerificationFailed when an identity field differs or no level's ISVSVN
// is at or below the QE's.
Result<IsvsvnLevel> MatchQeIdentity(const QeIdentity& identity, const QeReportIdentity& qe);

}  // namespace veil::endorsement::intel
