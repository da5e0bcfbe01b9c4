#pragma once
// The bodies of POST /kbs/v0/auth (docs/kbs-protocol.md §1) and POST /kbs/v0/attest (§2), parsed
// strictly. For /attest: outer keys kebab-case, the two keys inside "tee-evidence" snake_case,
// "init-data" optional and TOML only.

#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "veil/base/bytes.h"
#include "veil/base/result.h"
#include "veil/protocol/binding_hash.h"
#include "veil/protocol/tee_kind.h"

namespace veil::kbs {

struct AttestationRequest {
  std::optional<std::string> init_data_toml;  // "init-data": {"format": "toml", "body": ...}
  std::string nonce;                          // "runtime-data".nonce, verbatim
  nlohmann::json tee_pubkey;                  // "runtime-data"."tee-pubkey" (a JWK)
  nlohmann::json primary_evidence;            // "tee-evidence".primary_evidence
  std::string additional_evidence;            // "tee-evidence".additional_evidence ("" when absent)
};

// The protocol version /auth accepts.
inline constexpr std::string_view kProtocolVersion = "0.4.0";

// What a /auth body {"version", "tee", "extra-params"?} asks for: the TEE and the report-data
// binding's hash negotiated from extra-params' supported-hash-algorithms (protocol/binding_hash.h).
struct AuthRequest {
  protocol::TeeKind tee;
  protocol::BindingHash binding_hash = protocol::kDefaultBindingHash;
};

// kInvalidArgument for a version other than kProtocolVersion and for hash algorithms Veil cannot
// bind with, kMalformed for a missing or mistyped member; kUnsupported for an unknown TEE name and
// for a TEE Veil cannot appraise (CanAppraise).
Result<AuthRequest> ParseAuthRequest(std::string_view body);

// An RSA-8192 JWK with a long kid fits; anything larger is no key a TEE needs.
inline constexpr std::size_t kMaxTeePubkeyBytes = 4096;

// kMalformed for a missing or mistyped member, and for a "tee-pubkey" whose kty is not EC, RSA
// or OKP, which has members other than kty, alg, use, kid and those its kty needs (EC: crv, x,
// y; RSA: n, e; OKP: crv, x), or whose JSON exceeds kMaxTeePubkeyBytes.
Result<AttestationRequest> ParseAttestationRequest(std::string_view body);

// report_data = HASH(JCS({"additional-evidence": <string>, "nonce": <nonce>, "tee-pubkey":
// <JWK>})) zero-padded to 64 bytes, HASH as negotiated in /auth (SHA-384 by default): what the
// TEE must have bound into its evidence.
Result<Bytes> ExpectedReportData(const AttestationRequest& request,
                                 protocol::BindingHash hash = protocol::kDefaultBindingHash);

}  // namespace veil::kbs
