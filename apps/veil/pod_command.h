#pragma once
// `veil pod seal MANIFEST... --trustee URL --tee snp|tdx|coco-dev [--trustee-ca PEM]
// [--policy FILE] [--runtime-class NAME] [--out DIR] [--resource URI]... [--register --url URL
// --key KEY [--ca PEM]]`: every Pod, Deployment, StatefulSet, DaemonSet, Job and CronJob in the
// manifests gets the TEE's Kata runtime class and the init-data annotation pointing CoCo's guest
// components at the trustee (src/veil/kubernetes/seal.h); the sealed manifests go to stdout, or
// one file per manifest into DIR. Prints, per sealed object, the init-data digest and the value
// the TEE field (SNP HOST_DATA, TDX MRCONFIGID) will hold — on stdout with --out, else on stderr —
// then, for the resources each pod receives (--resource and its veil.dev/resources annotation),
// the `veil refval add` commands and resource policy rules that bind them to its init-data
// (src/veil/kubernetes/registration/). With --register it stores them instead: values appended
// with provenance, rules merged into the trustee's resource policy, both idempotent.
// `--runtime veil-agent [--agent-path P]` (--tee snp|tdx|tpm|coco-dev) wraps each container's
// command with `veil-agent run` instead and writes the agent's ConfigMap (kubernetes/seal.h);
// what is registered is then, on a TPM, each container's PCR 23 value (pod_agent_runtime.h).
// Exit codes: 0 sealed (and registered); 2 nothing written for the failing manifest: a usage
// error, an unreadable or malformed input, no admin key for --register; with --register, 1 when
// the trustee refused and 2 when it could not be reached (docs/cli.md, "Exit status").

#include <CLI/CLI.hpp>

namespace veil::cli {

void RegisterPodCommands(CLI::App& app, int& exit_code);

}  // namespace veil::cli
