#pragma once
// The policies in force until an administrator sets others, as document text (shown verbatim in
// docs/policy.md) and parsed. With them a genuine, debug-off SNP report whose claims match their
// reference values (or that has none) is affirming; `sample` evidence is always contraindicated;
// a secret is released only to an affirming attestation result; no workload certificate name is
// allowed.

#include <string_view>

#include "veil/policy/attestation_policy.h"
#include "veil/policy/identity_policy.h"
#include "veil/policy/resource_policy.h"

namespace veil::policy {

std::string_view DefaultAttestationPolicyText();
// Parses DefaultAttestationPolicyText() (which a test keeps valid).
AttestationPolicy DefaultAttestationPolicy();

std::string_view DefaultResourcePolicyText();
ResourcePolicy DefaultResourcePolicy();

std::string_view DefaultIdentityPolicyText();
IdentityPolicy DefaultIdentityPolicy();

}  // namespace veil::policy
