#pragma once
// Typed reads of the members of Intel PCS JSON (TCB Info, Enclave Identity), internal to
// endorsement/intel. `where` names the object being read ("tcbInfo.tcbLevels[2]"); every error
// is kMalformed (kUnsupported for an unknown tcbStatus) and starts with it.

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "veil/base/bytes.h"
#include "veil/base/clock.h"
#include "veil/base/result.h"
#include "veil/endorsement/intel/tcb_status.h"

namespace veil::endorsement::intel {

// A hex string of exactly `size` bytes (either case).
Result<Bytes> HexMember(const nlohmann::json& object, std::string_view name, std::size_t size,
                        std::string_view where);
Result<TimePoint> DateMember(const nlohmann::json& object, std::string_view name,
                             std::string_view where);
Result<std::uint64_t> UnsignedMember(const nlohmann::json& object, std::string_view name,
                                     std::uint64_t max, std::string_view where);
Result<std::string> StringMember(const nlohmann::json& object, std::string_view name,
                                 std::string_view where);
// A member that must be an array (its elements are checked by the caller).
Result<const nlohmann::json*> ArrayMember(const nlohmann::json& object, std::string_view name,
                                          std::string_view where);
Result<const nlohmann::json*> ObjectMember(const nlohmann::json& object, std::string_view name,
                                           std::string_view where);
Result<TcbStatus> StatusMember(const nlohmann::json& object, std::string_view where);
// "advisoryIDs": optional array of strings (empty when absent).
Result<std::vector<std::string>> AdvisoryIdsMember(const nlohmann::json& object,
                                                   std::string_view where);
// "tcbLevels" of a TDX module identity or an enclave identity: [{"tcb":{"isvsvn":N},"tcbDate",
// "tcbStatus","advisoryIDs"?}, ...], at least one.
Result<std::vector<IsvsvnLevel>> IsvsvnLevelsMember(const nlohmann::json& object,
                                                    std::string_view where);

}  // namespace veil::endorsement::intel
