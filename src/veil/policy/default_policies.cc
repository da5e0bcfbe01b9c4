#include "veil/policy/default_policies.h"

namespace veil::policy {
namespace {

constexpr std::string_view kDefaultAttestationPolicy =
    R"(# Veil's default attestation policy, in force until an administrator sets one.
id: default
rules:
  # Only appraised evidence reaches a policy: its signature chains to the hardware vendor.
  - name: genuine-hardware
    except_tee: [sample]
    check: {always: true}
    pass: {hardware: 2}
  # CoCo's sample attester is software pretending to be a TEE.
  - name: sample-is-not-hardware
    tee: [sample]
    claim: insecure
    check: {not_equals: true}
    fail: {hardware: 97}
  # Every claim that has reference values ("<tee>.<claim path>") matches one of them; the names
  # that pin an enclave are left to enclave-enrolled, which accepts either form.
  - name: reference-values
    check:
      reference_values: all
      except: [sgx.mr_enclave, sgx.mr_signer, sgx.isv_prod_id, sgx.min_isv_svn]
    pass: {executables: 2}
    fail: {executables: 97}
  # A launch measurement nobody enrolled proves nothing: until the owner enrols the digest they
  # expect, no SNP guest is affirmed, and so no secret is released to one.
  - name: launch-measurement-enrolled
    tee: [snp]
    claim: measurement
    check: {in_reference: snp.measurement, absent_reference: fail}
    fail: {executables: 97}
  # A TPM quote is only as good as its attestation key: the AK must be enrolled.
  - name: known-ak
    tee: [tpm]
    claim: ak
    check: {in_reference: tpm.ak, absent_reference: fail}
    pass: {instance-identity: 2}
    fail: {instance-identity: 97}
  # The TD firmware (TDVF) a TDX guest launched: MRTD must be enrolled, as SNP's measurement is.
  - name: td-firmware-enrolled
    tee: [tdx]
    claim: mr_td
    check: {in_reference: tdx.mr_td, absent_reference: fail}
    fail: {executables: 97}
  # Intel's verdict on the platform's TCB (DCAP collateral): any other status than UpToDate
  # means known vulnerabilities, a warning rather than affirming.
  - name: tdx-tcb-up-to-date
    tee: [tdx]
    claim: tcb_status
    check: {equals: UpToDate}
    fail: {hardware: 32}
  # A debuggable guest's memory can be read by the host.
  - name: no-debug
    tee: [snp]
    claim: policy.debug
    check: {equals: false}
    pass: {configuration: 2}
    fail: {configuration: 97}
  # The same for a TD: TDATTRIBUTES bit 0 (DEBUG).
  - name: no-debug-td
    tee: [tdx]
    claim: debug
    check: {equals: false}
    pass: {configuration: 2}
    fail: {configuration: 97}
  # The enclave an SGX quote comes from, pinned by its code (MRENCLAVE enrolled) or by its signer
  # and product (MRSIGNER and ISVPRODID enrolled, and ISVSVN at least sgx.min_isv_svn when one is
  # enrolled): one of the two must hold.
  - name: enclave-enrolled
    tee: [sgx]
    any_of:
      - all_of:
          - {claim: mr_enclave, in_reference: sgx.mr_enclave}
      - all_of:
          - {claim: mr_signer, in_reference: sgx.mr_signer}
          - {claim: isv_prod_id, in_reference: sgx.isv_prod_id}
          - {claim: isv_svn, min_reference: sgx.min_isv_svn, absent_reference: pass}
    fail: {executables: 97}
  # Intel's verdict on the platform's TCB, as for a TD.
  - name: sgx-tcb-up-to-date
    tee: [sgx]
    claim: tcb_status
    check: {equals: UpToDate}
    fail: {hardware: 32}
  # A debug enclave's memory can be read and stepped by the host: ATTRIBUTES bit 1 (DEBUG).
  - name: no-debug-enclave
    tee: [sgx]
    claim: debug
    check: {equals: false}
    pass: {configuration: 2}
    fail: {configuration: 97}
)";

constexpr std::string_view kDefaultResourcePolicy =
    R"(# Veil's default resource policy: secrets go only to affirming attestation results.
id: default-resource
rules:
  - name: affirming-only
    resource: "**"
    allow_if:
      - {claim: status, equals: affirming}
default: deny
)";

constexpr std::string_view kDefaultIdentityPolicy =
    R"(# Veil's default identity policy: no workload certificate names anything until the trustee's
# owner sets a policy that allows names.
id: default-identity
rules: []
default: deny
)";

}  // namespace

std::string_view DefaultAttestationPolicyText() { return kDefaultAttestationPolicy; }

AttestationPolicy DefaultAttestationPolicy() {
  auto policy = ParseAttestationPolicy(kDefaultAttestationPolicy);
  VEIL_CHECK(policy.has_value());
  return *std::move(policy);
}

std::string_view DefaultResourcePolicyText() { return kDefaultResourcePolicy; }

ResourcePolicy DefaultResourcePolicy() {
  auto policy = ParseResourcePolicy(kDefaultResourcePolicy);
  VEIL_CHECK(policy.has_value());
  return *std::move(policy);
}

std::string_view DefaultIdentityPolicyText() { return kDefaultIdentityPolicy; }

IdentityPolicy DefaultIdentityPolicy() {
  auto policy = ParseIdentityPolicy(kDefaultIdentityPolicy);
  VEIL_CHECK(policy.has_value());
  return *std::move(policy);
}

}  // namespace veil::policy
