#pragma once
// Policies the trustee evaluates: one current attestation (appraisal) policy and one current
// resource (release) policy. The store keeps the document text; it never interprets it.

#include <cstddef>
#include <string>
#include <string_view>

#include "veil/base/clock.h"
#include "veil/base/result.h"
#include "veil/protocol/policy_kind.h"

namespace veil::store {

using protocol::ParsePolicyKind;
using protocol::PolicyKind;
using protocol::PolicyKindName;

inline constexpr std::size_t kMaxPolicyIdSize = 128;
inline constexpr std::size_t kMaxPolicyTextSize = 1u << 20;

struct Policy {
  PolicyKind kind = PolicyKind::kAttestation;
  std::string id;    // e.g. "default"; [A-Za-z0-9._-], 1..kMaxPolicyIdSize characters
  std::string text;  // the policy document, 1..kMaxPolicyTextSize bytes

  friend bool operator==(const Policy&, const Policy&) = default;
};

struct PolicyRecord {
  Policy policy;
  TimePoint updated_at;  // whole seconds
};

// kInvalidArgument when the id or the text breaks the rules above.
Status ValidatePolicy(const Policy& policy);

}  // namespace veil::store
