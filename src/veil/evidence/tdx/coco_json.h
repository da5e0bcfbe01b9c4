#pragma once
// CoCo's JSON form of TDX evidence (guest-components attester/src/tdx TdxEvidence, read by
// trustee deps/verifier/src/tdx TdxEvidence): {"quote": "<standard base64 of the quote>",
// "cc_eventlog": "<standard base64 of the CCEL log area>" | null | absent}. Other members are
// ignored, as serde ignores them. Shape only: the quote is parsed by ParseQuote where it is
// appraised, and the event log is carried as bytes (appraisal/tdx/ccel_replay.h replays it).

#include <optional>

#include <nlohmann/json.hpp>

#include "veil/base/bytes.h"
#include "veil/base/result.h"

namespace veil::evidence::tdx {

struct CocoTdxEvidence {
  Bytes quote;                       // the quote buffer as the guest sent it (may carry padding)
  std::optional<Bytes> cc_eventlog;  // absent, null or "" on the wire: none
};

// kMalformed (context "tdx") for a non-object, a missing, non-string or empty "quote", a
// "cc_eventlog" that is neither a string nor null, and base64 that does not decode.
Result<CocoTdxEvidence> ParseCocoTdxEvidence(const nlohmann::json& evidence);

// The inverse, as veil-agent sends it: "cc_eventlog" is null when `cc_eventlog` is absent.
nlohmann::json ToCocoTdxEvidence(ByteSpan quote, const std::optional<Bytes>& cc_eventlog);

}  // namespace veil::evidence::tdx
