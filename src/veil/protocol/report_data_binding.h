#pragma once
// The binding both sides of the KBS protocol compute (docs/kbs-protocol.md §2): the report data a
// TEE puts into its hardware evidence so that the evidence vouches for this session's nonce and for
// the TEE's ephemeral public key.

#include <string_view>

#include <nlohmann/json.hpp>

#include "veil/base/bytes.h"
#include "veil/base/result.h"
#include "veil/protocol/binding_hash.h"

namespace veil::protocol {

inline constexpr std::size_t kReportDataSize = 64;

// HASH(JCS({"additional-evidence": additional_evidence, "nonce": nonce, "tee-pubkey":
// tee_pubkey})) zero-padded to kReportDataSize bytes; HASH is the one negotiated in /auth,
// SHA-384 unless the guest lacked it. Fails only when the JWK cannot be canonicalized.
Result<Bytes> ReportDataBinding(std::string_view nonce, const nlohmann::json& tee_pubkey,
                                std::string_view additional_evidence,
                                BindingHash hash = kDefaultBindingHash);

}  // namespace veil::protocol
