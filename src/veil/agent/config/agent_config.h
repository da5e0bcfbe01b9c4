#pragma once
// veil-agent configuration (TOML; docs/agent-config.md documents every key). It says where the
// trustee is and how to trust it, which TEE to use, and what the workload receives: the resources
// it needs and where each one goes, the user it runs as and its encrypted payload. The [workload]
// table is also measured before launch, so the trustee can require exactly this configuration.

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "veil/agent/config/certificate_config.h"
#include "veil/agent/config/volume_config.h"
#include "veil/agent/kbs_client/kbs_client.h"
#include "veil/agent/launch/workload_uid.h"
#include "veil/base/result.h"
#include "veil/protocol/resource_path.h"
#include "veil/protocol/tee_kind.h"

namespace veil::agent {

// Which TEE the agent uses: one kind of the KBS protocol, or none to probe the machine ("auto").
using TeeChoice = std::optional<protocol::TeeKind>;

// "auto" (std::nullopt) or a TEE kind's wire name ("tpm", "snp", "tdx", "sample"; not "sgx": the
// agent has no way to obtain an enclave quote);
// kInvalidArgument otherwise.
Result<TeeChoice> ParseTeeChoice(std::string_view text);

struct TeeConfig {
  TeeChoice kind;                           // std::nullopt: auto
  std::string tcti = "device:/dev/tpmrm0";  // tss2-tctildr configuration of the TPM
  bool rsa_attestation_key = false;         // ak = "rsa-2048" instead of "ecc-p256"
  unsigned measurement_pcr = 23;
  std::filesystem::path configfs_tsm = "/sys/kernel/config/tsm";
  std::filesystem::path sev_guest_device = "/dev/sev-guest";
  // The TDX CCEL log area sent with the quote; absent file: cc_eventlog null.
  std::filesystem::path cc_eventlog = "/sys/firmware/acpi/tables/data/CCEL";
};

// One resource the workload needs, delivered either as a file in the secrets directory or as an
// environment variable of the workload.
struct ResourceDelivery {
  protocol::ResourcePath resource;
  std::optional<std::string> file;  // a plain file name in the secrets directory (mode 0400)
  std::optional<std::string> env;   // an environment variable name
};

struct WorkloadConfig {
  std::optional<std::string> user;  // run as this user (the agent must be root); its uid unused
  UidRange uid_range;               // without `user`, a root agent allocates an unused uid here
  std::filesystem::path secrets_dir = "/run/veil/secrets";  // a private tmpfs is mounted here
  std::uint64_t secrets_size_bytes = 64u << 20;             // the tmpfs size limit
  std::optional<std::filesystem::path> payload;  // an encrypted bundle (veil payload encrypt)
  std::vector<ResourceDelivery> resources;
  std::vector<EncryptedVolumeConfig> volumes;            // [[workload.volumes]]
  std::optional<WorkloadCertificateConfig> certificate;  // [workload.certificate]
  nlohmann::json measured;  // the [workload] table as JSON: what the "config" measurement digests
};

struct AgentConfig {
  KbsClientOptions trustee;  // [trustee]
  TeeConfig tee;             // [tee]
  WorkloadConfig workload;   // [workload] and its [[workload.resources]]
  std::filesystem::path event_log = "/run/veil/measurements.jsonl";  // [measurement] event_log
  std::string log_level = "info";
};

// Parses a TOML document; relative paths resolve against `base_dir`. Unknown keys are errors.
Result<AgentConfig> ParseAgentConfig(std::string_view toml_text,
                                     const std::filesystem::path& base_dir);
Result<AgentConfig> LoadAgentConfig(const std::filesystem::path& file);

}  // namespace veil::agent
