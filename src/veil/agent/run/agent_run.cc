#include "veil/agent/run/agent_run.h"

#include <unistd.h>

#include <algorithm>

#include <spdlog/spdlog.h>

#include "veil/agent/attester/tpm/tss_log.h"
#include "veil/agent/data_hub/secret_volume.h"
#include "veil/agent/kbs_client/kbs_client.h"
#include "veil/agent/launch/stop_signals.h"
#include "veil/agent/launch/workload_uid.h"
#include "veil/agent/measurement/workload_measurement.h"
#include "veil/agent/run/measured_launch.h"
#include "veil/agent/run/open_attester.h"
#include "veil/agent/volumes/workload_volumes.h"
#include "veil/agent/workload_certificate/certificate_files.h"
#include "veil/agent/workload_certificate/certificate_renewal.h"
#include "veil/agent/workload_certificate/workload_certificate.h"
#include "veil/base/file.h"
#include "veil/base/hex.h"
#include "veil/base/log_safe.h"
#include "veil/payload/payload.h"
#include "veil/payload/tar/extract.h"

extern char** environ;

namespace veil::agent {
namespace {

constexpr std::uint64_t kMaxPayloadBytes = 1ull << 30;

// The workload's own uid: one no other process runs as (docs/agent.md, "One owner for the
// secrets"). A non-root agent cannot switch and runs the workload as itself.
Result<WorkloadUser> WorkloadAccount(const WorkloadConfig& workload) {
  if (geteuid() != 0) {
    if (!workload.user) {
      spdlog::warn(
          "veil-agent is not root: the workload runs as the agent's own uid {}, which other "
          "processes may share",
          geteuid());
      return CurrentUser();
    }
    VEIL_ASSIGN_OR_RETURN(WorkloadUser user, ResolveUser(*workload.user));
    if (user.uid != geteuid()) {
      return Fail(Unavailable("workload.user is " + user.name +
                              " but veil-agent is not root and cannot switch to it"));
    }
    return user;
  }
  if (!workload.user) {
    VEIL_ASSIGN_OR_RETURN(WorkloadUser user, AllocateWorkloadUser(workload.uid_range));
    spdlog::info("the workload runs as uid {}, which no other process uses", user.uid);
    return user;
  }
  VEIL_ASSIGN_OR_RETURN(WorkloadUser user, ResolveUser(*workload.user));
  if (user.uid != 0) VEIL_TRY(RequireUnusedUid(user));  // root can read everything anyway
  return user;
}

// The tree is built through descriptors in a directory only the agent can enter, and handed to
// the workload user (its top directory last) only once it is complete.
Result<std::filesystem::path> UnpackPayload(KbsClient& client, SecretVolume& volume,
                                            const WorkloadUser& user, ByteSpan payload_file) {
  VEIL_ASSIGN_OR_RETURN(payload::PayloadHeader header, payload::ReadPayloadHeader(payload_file));
  spdlog::info("fetching the payload key kbs:///{}", header.key_resource.str());
  VEIL_ASSIGN_OR_RETURN(crypto::SecretBytes key, client.GetResource(header.key_resource));
  VEIL_ASSIGN_OR_RETURN(crypto::SecretBytes bundle, payload::DecryptPayload(payload_file, key));
  VEIL_ASSIGN_OR_RETURN(NewDirectory dir, volume.MakeDirectory("workload"));
  VEIL_TRY(payload::tar::ExtractTar(bundle.span(), dir.fd.get(),
                                    payload::tar::Owner{user.uid, user.gid}));
  VEIL_TRY(volume.HandOver(dir));
  spdlog::info("decrypted the payload into {} ({} bytes)", dir.path.string(), bundle.size());
  return dir.path;
}

Status DeliverResources(KbsClient& client, SecretVolume& volume,
                        const std::vector<ResourceDelivery>& resources, Environment& env) {
  for (const ResourceDelivery& delivery : resources) {
    VEIL_ASSIGN_OR_RETURN(crypto::SecretBytes secret, client.GetResource(delivery.resource));
    if (delivery.file) {
      VEIL_TRY(volume.WriteSecretFile(*delivery.file, secret.span()));
      spdlog::info("delivered kbs:///{} to {}", delivery.resource.str(),
                   (volume.dir() / *delivery.file).string());
      continue;
    }
    // Straight from the cleansed buffer into the cleansed entry: no std::string in between.
    if (auto added = env.Add(*delivery.env, secret.span()); !added) {
      return Fail(InvalidArgument("kbs:///" + delivery.resource.str() + ": " +
                                  added.error().message + "; deliver it as a file"));
    }
    spdlog::info("delivered kbs:///{} as ${}", delivery.resource.str(), *delivery.env);
  }
  return {};
}

// The agent's environment minus the variables the agent sets itself, so an inherited value can
// never shadow a delivered secret or the directories the agent announces.
Environment InheritedEnvironment(const std::vector<ResourceDelivery>& resources,
                                 bool agent_set_tss_log) {
  std::vector<std::string> reserved = {"VEIL_SECRETS_DIR", "VEIL_WORKLOAD_DIR", "VEIL_TLS_KEY",
                                       "VEIL_TLS_CERT", "VEIL_TLS_CA"};
  if (agent_set_tss_log) reserved.emplace_back(tpm::kTssLogVariable);
  for (const ResourceDelivery& delivery : resources) {
    if (delivery.env) reserved.push_back(*delivery.env);
  }
  Environment env;
  for (char** entry = environ; entry != nullptr && *entry != nullptr; ++entry) {
    const std::string_view variable(*entry);
    const std::string_view name = variable.substr(0, variable.find('='));
    if (std::find(reserved.begin(), reserved.end(), name) == reserved.end()) env.AddEntry(variable);
  }
  return env;
}

}  // namespace

std::vector<std::string> WorkloadCommandLine(const RunRequest& request) {
  if (!request.bundle) return request.command;
  // A stable container id (the bundle's directory name), so the command line can be measured.
  std::filesystem::path bundle = request.bundle->lexically_normal();
  if (bundle.filename().empty()) bundle = bundle.parent_path();  // "dir/" names "dir"
  return {"crun", "run", "--bundle", bundle.string(), "veil-" + bundle.filename().string()};
}

namespace {

// The agent's clock: the trustee client and the renewal thread keep a pointer to it.
const SystemClock kSystemClock;

// The secrets volume and the launch it was prepared for. Without a workload certificate the TEE
// driver and the trustee client are gone by the time this exists; with one they stay for its
// renewal (their descriptors are close-on-exec: agent/launch marks every one before exec).
struct PreparedLaunch {
  SecretVolume volume;
  std::vector<EncryptedVolume> encrypted_volumes;  // unmounted first, before the secrets go
  LaunchSpec launch;
  std::unique_ptr<Attester> attester;  // only with a certificate to renew
  std::optional<KbsClient> client;     // uses `attester`, so declared after it
  std::optional<WorkloadCertificate> certificate;
};

// The trustee client's pauses and exchanges end as soon as a stop signal arrives.
KbsClientOptions Interruptible(KbsClientOptions options, const StopSignals& stop) {
  options.sleep = [&stop](std::chrono::milliseconds pause) { return stop.Sleep(pause); };
  options.cancelled = [&stop] { return stop.requested(); };
  return options;
}

// Before anything is measured: the URL and TLS settings work, and the trustee answers /auth.
Result<KbsClient> ConnectToTrustee(const AgentConfig& config, Attester& attester,
                                   const Clock& clock, const StopSignals& stop) {
  VEIL_ASSIGN_OR_RETURN(KbsClient client,
                        KbsClient::Create(Interruptible(config.trustee, stop), attester, clock));
  if (client.url().rfind("http://", 0) == 0) {
    spdlog::warn(
        "{} is plain HTTP: a machine in the middle can answer for your trustee — forge its "
        "appraisal{} and feed the workload secrets of its choice (they are encrypted to this TEE, "
        "not signed by the trustee); use https:// with a pinned key outside development",
        client.url(),
        client.verifies_tokens() ? " (not the token: [trustee] token_key is pinned)" : "");
  } else if (!client.verifies_tokens()) {
    spdlog::info("the attestation token's signature is not checked: no [trustee] token_key");
  }
  VEIL_TRY(client.CheckReachable());
  return client;
}

Result<AttestationToken> Attest(KbsClient& client) {
  VEIL_ASSIGN_OR_RETURN(AttestationToken token, client.Attest());
  VEIL_TRY(RequireTrustworthy(token));
  return token;
}

// A key generated here, certified by the trustee's workload CA for the configured names under
// the token just obtained, and written with the certificate and the CAs into the secrets tmpfs.
Result<WorkloadCertificate> ObtainCertificate(KbsClient& client,
                                              const WorkloadCertificateConfig& config,
                                              SecretVolume& volume, Environment& env) {
  VEIL_ASSIGN_OR_RETURN(crypto::PrivateKey key, crypto::PrivateKey::Generate(config.key));
  const CertificateIssuer issue = [&client](std::string_view csr) {
    return client.RequestCertificate(csr);
  };
  auto certificate = WorkloadCertificate::Obtain(std::move(key), config.names, issue, kSystemClock);
  if (!certificate) return Fail(std::move(certificate).error().WithContext("workload certificate"));
  CertificateFiles files(volume, config);
  VEIL_TRY(files.WriteAll(*certificate));
  VEIL_TRY(env.Add("VEIL_TLS_KEY", files.key_path().string()));
  VEIL_TRY(env.Add("VEIL_TLS_CERT", files.cert_path().string()));
  VEIL_TRY(env.Add("VEIL_TLS_CA", files.ca_path().string()));
  std::string listed;
  for (const crypto::SubjectAltName& name : config.names)
    listed += (listed.empty() ? "" : ", ") + name.value;
  spdlog::info("obtained the workload certificate for {} (serial {}, valid until {}) in {}",
               LogSafe(listed), LogSafe(certificate->issued().serial),
               LogSafe(certificate->issued().not_after), files.cert_path().string());
  return certificate;
}

// Renews the certificate until the workload exits (the thread's stop request), re-attesting with
// fresh evidence each time. The trustee client's pauses and exchanges now answer to that request:
// the stop signals belong to the workload while it runs.
std::jthread StartRenewal(PreparedLaunch& prepared, const WorkloadCertificateConfig& config) {
  return StartSignalFreeThread([&prepared, &config](const std::stop_token& stop) {
    KbsClient& client = *prepared.client;
    client.SetInterruption(StopTokenSleeper(stop), [stop] { return stop.stop_requested(); });
    CertificateFiles files(prepared.volume, config);
    const RenewalContext context{config.renew_before,
                                 [&client](std::string_view csr) -> Result<IssuedCertificate> {
                                   client.ForgetToken();  // fresh evidence, a fresh token
                                   VEIL_TRY(Attest(client));
                                   return client.RequestCertificate(csr);
                                 },
                                 &kSystemClock, StopTokenSleeper(stop)};
    RenewUntilStopped(*prepared.certificate, files, context);
  });
}

// Reads the payload and checks its header: a file that is not a payload fails here, before it is
// measured.
Result<std::optional<Bytes>> ReadPayload(const WorkloadConfig& workload) {
  if (!workload.payload) return std::optional<Bytes>();
  VEIL_ASSIGN_OR_RETURN(Bytes payload_file, ReadFileBytes(*workload.payload, kMaxPayloadBytes));
  VEIL_TRY(payload::ReadPayloadHeader(payload_file));
  return std::optional<Bytes>(std::move(payload_file));
}

// What can fail without leaving a trace comes first — the TEE, the payload, the trustee's answer
// to /auth, the event log (in MeasureIntoTee) — and only then the measurement, which stays in the
// TEE's register until reboot (measured_launch.h: a retry recognises it).
Result<PreparedLaunch> Prepare(const AgentConfig& config, const std::vector<std::string>& argv,
                               const WorkloadUser& user, bool agent_set_tss_log,
                               bool private_mounts, const StopSignals& stop) {
  VEIL_ASSIGN_OR_RETURN(auto attester, OpenAttester(config.tee));
  VEIL_TRY(stop.Check());
  spdlog::info("TEE: {}", protocol::TeeKindName(attester->tee()));
  VEIL_ASSIGN_OR_RETURN(const std::optional<Bytes> payload_file, ReadPayload(config.workload));
  VEIL_ASSIGN_OR_RETURN(auto events,
                        MeasureWorkload({payload_file, argv, config.workload.measured}));
  VEIL_ASSIGN_OR_RETURN(KbsClient client, ConnectToTrustee(config, *attester, kSystemClock, stop));
  VEIL_TRY(stop.Check());
  VEIL_TRY(MeasureIntoTee(*attester, events, config.event_log));
  VEIL_TRY(stop.Check());
  VEIL_TRY(Attest(client));
  VEIL_TRY(stop.Check());
  // Only now, after the appraisal (docs/agent.md, "The security argument"). A failure from here
  // on leaves PCR 23 holding this workload's measurement, which the next run recognises.
  VEIL_ASSIGN_OR_RETURN(
      SecretVolume volume,
      SecretVolume::Open(config.workload.secrets_dir, config.workload.secrets_size_bytes, user));
  // Whatever fails below, the secrets already written are wiped with `volume` (SecretVolume) and
  // the environment entries with `env` (Environment): nothing delivered outlives a failed start.
  Environment env = InheritedEnvironment(config.workload.resources, agent_set_tss_log);
  VEIL_TRY(env.Add("VEIL_SECRETS_DIR", volume.dir().string()));
  // Only root changes users; an agent already running as the workload user has nothing to drop.
  const bool switch_user = geteuid() == 0;
  LaunchSpec launch{
      argv, {}, switch_user ? std::optional<WorkloadUser>(user) : std::nullopt, std::nullopt, {}};
  if (payload_file) {
    VEIL_ASSIGN_OR_RETURN(launch.working_directory,
                          UnpackPayload(client, volume, user, *payload_file));
    VEIL_TRY(env.Add("VEIL_WORKLOAD_DIR", launch.working_directory->string()));
    VEIL_TRY(stop.Check());
  }
  VEIL_TRY(DeliverResources(client, volume, config.workload.resources, env));
  VEIL_TRY(stop.Check());
  VEIL_ASSIGN_OR_RETURN(std::vector<EncryptedVolume> encrypted_volumes,
                        OpenWorkloadVolumes(config.workload.volumes, user, private_mounts,
                                            [&client](const protocol::ResourcePath& key) {
                                              return client.GetResource(key);
                                            }));
  VEIL_TRY(stop.Check());
  PreparedLaunch prepared{std::move(volume), std::move(encrypted_volumes), {}, {}, {}, {}};
  if (config.workload.certificate) {
    VEIL_ASSIGN_OR_RETURN(
        prepared.certificate,
        ObtainCertificate(client, *config.workload.certificate, prepared.volume, env));
    VEIL_TRY(stop.Check());
    prepared.attester = std::move(attester);
    prepared.client.emplace(std::move(client));
  }
  launch.env = std::move(env);
  launch.spared_children = VolumeDaemons(prepared.encrypted_volumes);
  prepared.launch = std::move(launch);
  return prepared;
}

}  // namespace

Result<WorkloadExit> RunAgent(const RunRequest& request, const StopSignals& stop) {
  const AgentConfig& config = request.config;
  const std::vector<std::string> argv = WorkloadCommandLine(request);
  // Before the first tss2 call: its own stderr lines would bypass the agent's log format.
  const bool agent_set_tss_log = tpm::SilenceTssLog();
  VEIL_TRY(stop.Check());
  VEIL_ASSIGN_OR_RETURN(WorkloadUser user, WorkloadAccount(config.workload));
  const Status isolated = SecretVolume::EnterPrivateMountNamespace();
  if (!isolated) {
    spdlog::warn("{}; the secrets directory must already be a tmpfs", isolated.error().message);
  }
  auto prepared = Prepare(config, argv, user, agent_set_tss_log, isolated.has_value(), stop);
  // A stop that cut an exchange short is the reason, not the exchange's own error.
  if (!prepared && stop.requested()) return Fail(stop.Check().error());
  if (!prepared) return Fail(std::move(prepared).error());
  spdlog::info("launching {}", LogSafe(argv.front()));
  std::jthread renewal;
  if (prepared->certificate) renewal = StartRenewal(*prepared, *config.workload.certificate);
  auto exit = RunWorkload(prepared->launch, [&stop] { return stop.Check(); });
  renewal = std::jthread();  // stops and joins the renewal before the secrets volume goes
  // The stop flag is only set while the signals are not held for the workload, so a set flag
  // here means `may_start` refused: nothing started, and it is not a launch error.
  if (!exit && stop.requested()) return exit;
  if (!exit) return Fail(std::move(exit).error().WithContext(kLaunchContext));
  return exit;
}

}  // namespace veil::agent
