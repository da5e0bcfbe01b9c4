#pragma once
// The hash of the report-data binding, as negotiated in /auth (CoCo's kbs_protocol): the guest
// lists "supported-hash-algorithms" in the request's extra-params; the server may answer
// {"selected-hash-algorithm": name} in the challenge's extra-params, and the guest uses SHA-384
// when it does not. Veil keeps SHA-384 whenever the guest supports it (answering "" exactly as
// CoCo's KBS does for every TEE but IBM SE), and selects another only for a guest without it.

#include <string_view>

#include <nlohmann/json.hpp>

#include "veil/base/result.h"

namespace veil::protocol {

enum class BindingHash { kSha256, kSha384, kSha512 };

inline constexpr BindingHash kDefaultBindingHash = BindingHash::kSha384;

std::string_view BindingHashName(BindingHash hash);  // "sha384"

// From the /auth request's "extra-params" (any JSON; the empty string when absent).
// kInvalidArgument when "supported-hash-algorithms" is not an array of strings, or names none Veil
// can bind with.
Result<BindingHash> NegotiateBindingHash(const nlohmann::json& extra_params);

// The challenge's "extra-params" for `hash`: "" for the default, else {"selected-hash-algorithm"}.
nlohmann::json ChallengeExtraParams(BindingHash hash);

// The guest's side: the hash the challenge's "extra-params" selects (SHA-384 when it names none).
// kInvalidArgument for a selection that is not a string or not one of sha256, sha384, sha512.
Result<BindingHash> SelectedBindingHash(const nlohmann::json& challenge_extra_params);

}  // namespace veil::protocol
