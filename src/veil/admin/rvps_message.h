#pragma once
// CoCo's reference-value message, as its RVPS takes it and `kbs-client config
// set-sample-reference-value` sends it to POST /kbs/v0/reference-value (confidential-containers/
// trustee rvps/src/lib.rs Message, rvps/src/extractors/sample):
//
//   {"version": "0.1.0", "type": "sample", "payload": "<standard base64 of {name: value, ...}>"}
//
// "version" defaults to "0.1.0" when absent, as in CoCo. Only the "sample" type is taken: the
// others (slsa, swid, corim, ...) need provenance checks Veil does not make. Each name becomes a
// Veil reference value: a JSON array gives its elements as the values, a single value gives one
// and marks the entry `scalar`; each value is a string, number or boolean, stored as its canonical
// text (policy/claim_value.h CanonicalText: 5 -> "5", true -> "true") with the kind it was
// written as, so that query_reference_value answers it as CoCo's RVPS does (true, not "true").
// Objects, nested arrays and null are refused. Every name is validated before the caller stores
// any (all or nothing).

#include <cstddef>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "veil/base/reference_value.h"
#include "veil/base/result.h"

namespace veil::admin {

inline constexpr std::string_view kRvpsMessageVersion = "0.1.0";
inline constexpr std::size_t kMaxRvpsNames = 1024;  // reference values in one message
// The provenance recorded with every reference value taken from such a message.
inline constexpr std::string_view kRvpsSampleProvenance =
    "CoCo RVPS message of type \"sample\" (POST /kbs/v0/reference-value)";

// True when the JSON object `body` is an RVPS message rather than Veil's own reference-value body:
// it has a "payload", "type" or "version" member.
bool IsRvpsMessage(const nlohmann::json& body);

// The reference values of an RVPS message, each validated as store::ValidateReferenceValue does.
// kInvalidArgument, naming what was expected and found, for: a missing or non-string member, a
// version other than 0.1.0, a type other than "sample", a payload that is not base64 or not a
// JSON object, no names or more than kMaxRvpsNames, a value of the wrong shape, a name or value
// the store refuses. kMalformed when `body` is not a JSON object.
Result<std::vector<ReferenceValue>> ParseRvpsMessage(const nlohmann::json& message);
Result<std::vector<ReferenceValue>> ParseRvpsMessageBody(std::string_view body);

}  // namespace veil::admin
