#pragma once
// The SGX extension of a PCK certificate (OID 1.2.840.113741.1.13.1), Intel "SGX PCK Certificate
// and CRL Profile", table "SGX Extensions": the platform identity and TCB the PCK was issued for.
//
// Required members: PPID (.1), TCB (.2: component SVNs .2.1-.2.16, PCESVN .2.17, CPUSVN .2.18),
// PCE-ID (.3), FMSPC (.4), SGX Type (.5). Platform-CA certificates also carry
// PlatformInstanceID (.6) and Configuration (.7); those and any member Intel adds later are
// skipped. A missing or repeated required member, or a value of the wrong type or size, is
// kMalformed naming the member.

#include <array>
#include <cstdint>
#include <string_view>

#include "veil/base/result.h"
#include "veil/crypto/certificate.h"

namespace veil::endorsement::intel {

inline constexpr std::string_view kSgxExtensionsOid = "1.2.840.113741.1.13.1";

enum class SgxType { kStandard = 0, kScalable = 1, kScalableWithIntegrity = 2 };
std::string_view SgxTypeName(SgxType type);

struct SgxExtensions {
  std::array<std::uint8_t, 16> ppid{};
  std::array<std::uint8_t, 16> tcb_components{};  // SGX TCB comp SVNs 01..16
  std::uint16_t pce_svn = 0;
  std::array<std::uint8_t, 16> cpu_svn{};
  std::array<std::uint8_t, 2> pce_id{};
  std::array<std::uint8_t, 6> fmspc{};
  SgxType sgx_type = SgxType::kStandard;
};

// Parses the extnValue contents (the bytes inside the OCTET STRING).
Result<SgxExtensions> ParseSgxExtensions(ByteSpan der);
// Finds and parses the extension of `pck`; kMalformed when the certificate has none.
Result<SgxExtensions> SgxExtensionsOf(const crypto::Certificate& pck);

}  // namespace veil::endorsement::intel
