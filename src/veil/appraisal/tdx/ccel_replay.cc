#include "veil/appraisal/tdx/ccel_replay.h"

#include <algorithm>
#include <string>

#include "veil/appraisal/tpm_eventlog/boot_claims_json.h"
#include "veil/appraisal/tpm_eventlog/extend.h"
#include "veil/appraisal/tpm_eventlog/quoted_pcrs.h"
#include "veil/base/hex.h"
#include "veil/evidence/tpm/marshal.h"
#include "veil/evidence/tpm_eventlog/event_type.h"
#include "veil/evidence/tpm_eventlog/spec_id_event.h"

namespace veil::appraisal::tdx {
namespace {

namespace el = evidence::tpm_eventlog;
namespace tpm = evidence::tpm;
using nlohmann::json;

Error Prefixed(Error error) {
  error.message = "cc_eventlog: " + error.message;
  return error;
}

Status CheckSha384Bank(const el::EventLog& log) {
  const std::vector<std::uint16_t> banks = log.Banks();
  if (std::find(banks.begin(), banks.end(), tpm::kAlgSha384) != banks.end()) return {};
  std::string names;
  for (std::uint16_t alg : banks) names += (names.empty() ? "" : ", ") + el::AlgorithmName(alg);
  return Fail(VerificationFailed("the log carries no sha384 digests (banks: " + names +
                                 "), so it cannot be replayed into RTMRs"));
}

Status CheckNoMrtdEvent(const el::EventLog& log) {
  for (const el::Event& event : log.events) {
    if (event.pcr != 0 || event.type == el::kEvNoAction) continue;
    return Fail(VerificationFailed("event " + std::to_string(event.index) + " (" +
                                   el::EventTypeName(event.type) +
                                   ") is measured into MR 0 (MRTD), which no event can extend"));
  }
  return {};
}

// The quote's RTMRs as the sha384 "PCRs" 1..4 of the CC MR space.
tpm::PcrValues QuotedRegisters(const std::array<evidence::tdx::Measurement, 4>& rtmrs) {
  tpm::PcrValues quoted;
  for (std::uint32_t i = 0; i < rtmrs.size(); ++i) {
    quoted[tpm::HashAlg::kSha384][i + 1] = Bytes(rtmrs[i].begin(), rtmrs[i].end());
  }
  return quoted;
}

Result<CcelReplay> Replay(ByteSpan area, const std::array<evidence::tdx::Measurement, 4>& rtmrs) {
  CcelReplay replay;
  VEIL_ASSIGN_OR_RETURN(replay.log, el::ParseCcEventLog(area));
  VEIL_TRY(CheckSha384Bank(replay.log));
  VEIL_TRY(CheckNoMrtdEvent(replay.log));
  VEIL_ASSIGN_OR_RETURN(const tpm_eventlog::ReplayCheck check,
                        tpm_eventlog::CheckAgainstQuotedPcrs(replay.log, QuotedRegisters(rtmrs)));
  for (const tpm_eventlog::PcrRef& ref : check.matched) {
    if (ref.hash == tpm::HashAlg::kSha384) replay.rtmrs_matched.push_back(ref.pcr - 1);
  }
  VEIL_ASSIGN_OR_RETURN(replay.boot, el::ExtractBootClaims(replay.log));
  return replay;
}

json Events(const el::EventLog& log) {
  json out = json::array();
  for (const el::Event& event : log.events) {
    if (event.type == el::kEvNoAction) continue;
    const Bytes* digest = event.DigestFor(tpm::kAlgSha384);
    const auto expected = tpm_eventlog::ExpectedDigestOfData(event, tpm::HashAlg::kSha384);
    out.push_back({{"event", event.index},
                   {"mr", event.pcr},
                   {"type", el::EventTypeName(event.type)},
                   {"sha384", digest == nullptr ? std::string() : HexEncode(*digest)},
                   {"data_digest_matches", expected && digest != nullptr && *expected == *digest}});
  }
  return out;
}

}  // namespace

Result<CcelReplay> ReplayCcel(ByteSpan area,
                              const std::array<evidence::tdx::Measurement, 4>& quoted_rtmrs) {
  auto replay = Replay(area, quoted_rtmrs);
  if (!replay) return Fail(Prefixed(std::move(replay).error()));
  return replay;
}

json CcelClaims(const CcelReplay& replay) {
  return {{"rtmrs_replayed", replay.rtmrs_matched},
          {"events", Events(replay.log)},
          {"boot", tpm_eventlog::BootClaimsJson(replay.boot)}};
}

}  // namespace veil::appraisal::tdx
