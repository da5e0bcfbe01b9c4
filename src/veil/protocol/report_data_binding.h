#pragma once
// The binding both sides of the KBS protocol compute (KBS-PROTOCOL.md §2): the report data a TEE
// puts into its hardware evidence so that the evidence vouches for this session's nonce and for
// the TEE's ephemeral public key.

#include <string_view>

#include <nlohmann/json.hpp>

#include "veil/base/bytes.h"
#include "veil/base/result.h"

namespace veil::protocol {

inline constexpr std::size_t kReportDataSize = 64;

// SHA-384(JCS({"additional-evidence": additional_evidence, "nonce": nonce, "tee-pubkey":
// tee_pubkey})) zero-padded to kReportDataSize bytes. Fails only when the JWK cannot be
// canonicalized.
Result<Bytes> ReportDataBinding(std::string_view nonce, const nlohmann::json& tee_pubkey,
                                std::string_view additional_evidence);

}  // namespace veil::protocol
