#pragma once
// What an owner must enrol before the default policies affirm a TEE. Each hardware TEE kind has one
// reference value that pins what it launched (SNP: the launch measurement; TPM: the attestation key
// whose quotes are believed), or a set of them in its place (SGX: the enclave's signer and
// product instead of its MRENCLAVE). Without it the default attestation policy is not affirming and
// the default resource policy releases nothing; these functions say so in words an owner can act
// on.

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "veil/base/clock.h"
#include "veil/policy/attestation_policy.h"
#include "veil/policy/reference_values.h"

namespace veil::policy {

struct LaunchReference {
  std::string_view tee;   // "snp", "tpm"
  std::string_view name;  // the reference value name the default policy requires
  std::string_view what;  // what its value is, for an owner who has to produce it
  // Names that, all enrolled together, pin the TEE in place of `name` (SGX: sgx.mr_signer and
  // sgx.isv_prod_id); empty when there is no such form.
  std::span<const std::string_view> instead = {};
  std::string_view instead_what = {};  // what their values are
};

// Every hardware TEE kind the default attestation policy appraises, with its launch reference.
// A TEE kind added later adds its entry here (tests check that the default policy refuses each one
// without it).
std::span<const LaunchReference> LaunchReferences();

// One line per launch reference with no current value in `references` (nor every name of its
// `instead` form), saying which guests are refused until it is enrolled and the commands that
// enrol either form. Empty when nothing is missing.
std::vector<std::string> MissingLaunchReferenceLines(const ReferenceValueSet& references,
                                                     TimePoint now);

// One line per failed (not skipped) trace entry of `appraisal` that needed a reference value of
// which no current value exists, naming the reference value and what the guest presented.
std::vector<std::string> EnrolmentHints(const Appraisal& appraisal);

}  // namespace veil::policy
