#include "veil/agent/run/open_attester.h"

#include <filesystem>

#include <spdlog/spdlog.h>

#include "veil/agent/attester/sample/sample_attester.h"
#include "veil/agent/attester/tpm/tpm_attester.h"
#include "veil/agent/attester/tsm/tsm_attester.h"

namespace veil::agent {
namespace {

constexpr std::string_view kDevicePrefix = "device:";

// A TPM in dictionary-attack lockout would refuse the quote only after the workload was measured:
// found here, before anything changed.
Status RequireUsableTpm(tpm::TpmAttester& attester) {
  VEIL_ASSIGN_OR_RETURN(const tpm::DictionaryAttackState state,
                        attester.ReadDictionaryAttackState());
  auto usable = tpm::RequireNotLockedOut(state);
  if (!usable) return Fail(std::move(usable).error().WithContext("tpm"));
  if (state.failed_tries > 0) {
    spdlog::warn(
        "the TPM has counted {} of {} failures towards dictionary-attack lockout (unorderly "
        "shutdowns count too: stop it with TPM2_Shutdown, docs/agent.md, \"TPM dictionary-attack "
        "lockout\")",
        state.failed_tries, state.max_tries);
  }
  return {};
}

Result<std::unique_ptr<Attester>> OpenTpm(const TeeConfig& tee) {
  tpm::TpmOptions options{
      tee.tcti, tee.measurement_pcr,
      tee.rsa_attestation_key ? tpm::AkAlgorithm::kRsa2048 : tpm::AkAlgorithm::kEcP256};
  VEIL_ASSIGN_OR_RETURN(auto attester, tpm::TpmAttester::Open(options));
  VEIL_TRY(RequireUsableTpm(*attester));
  return std::unique_ptr<Attester>(std::move(attester));
}

Result<std::unique_ptr<Attester>> OpenTsm(const TeeConfig& tee) {
  VEIL_ASSIGN_OR_RETURN(auto attester, tsm::OpenTsmAttester({tee.configfs_tsm, tee.sev_guest_device,
                                                             nullptr, tee.cc_eventlog}));
  if (tee.kind && attester->tee() != *tee.kind) {
    return Fail(Unavailable("--tee " + std::string(protocol::TeeKindName(*tee.kind)) +
                            " asked for, but this machine's TEE is " +
                            std::string(protocol::TeeKindName(attester->tee()))));
  }
  return attester;
}

bool HasTsm(const TeeConfig& tee) {
  std::error_code error;
  return std::filesystem::exists(tee.configfs_tsm / "report", error) ||
         std::filesystem::exists(tee.sev_guest_device, error);
}

bool HasTpm(const TeeConfig& tee) {
  if (tee.tcti.rfind(kDevicePrefix, 0) != 0)
    return true;  // a socket TCTI (swtpm, mssim) is configured explicitly
  std::error_code error;
  return std::filesystem::exists(tee.tcti.substr(kDevicePrefix.size()), error);
}

}  // namespace

Result<std::unique_ptr<Attester>> OpenAttester(const TeeConfig& tee) {
  if (tee.kind) {
    switch (*tee.kind) {
      case protocol::TeeKind::kTpm:
        return OpenTpm(tee);
      case protocol::TeeKind::kSnp:
      case protocol::TeeKind::kTdx:
        return OpenTsm(tee);
      case protocol::TeeKind::kSample:
        return sample::MakeSampleAttester();
      case protocol::TeeKind::kSgx:  // refused by ParseTeeChoice; never reached from a config
        return Fail(Unsupported("veil-agent cannot produce SGX enclave quotes"));
    }
  }
  if (HasTsm(tee)) return OpenTsm(tee);
  if (HasTpm(tee)) return OpenTpm(tee);
  return Fail(Unavailable("no TEE found: looked for " + (tee.configfs_tsm / "report").string() +
                          ", " + tee.sev_guest_device.string() + " and the TPM " + tee.tcti +
                          " (--tee sample runs the insecure development TEE)"));
}

}  // namespace veil::agent
