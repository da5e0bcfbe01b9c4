#pragma once
// A real software TPM for tests: `swtpm socket --tpm2` in a fresh temporary directory on free
// loopback TCP ports (server port P, control port P + 1 as the swtpm TCTI expects), and
// tpm2-tools run against it. There is no resource manager, so Tpm2()
// flushes the objects and sessions each tool leaves loaded (swtpm has 3 object slots).

#include <sys/types.h>

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "veil/base/bytes.h"
#include "veil/base/result.h"

namespace veil::testing {

struct ToolResult {
  int exit_code = -1;  // -1 when the program could not run or was killed by a signal
  std::string output;  // standard output and standard error, interleaved
};

struct SwtpmOptions {
  // Manufactures the TPM before starting it, as a vendor would: `swtpm_setup --create-ek-cert`
  // with a `swtpm_localca` CA kept in dir()/localca certifies the RSA-2048 EK (certificate in NV
  // 0x01c00002) and, in swtpm 0.7, an ECC NIST P-384 EK (0x01c00016).
  bool ek_certificates = false;
};

class Swtpm {
 public:
  // Starts swtpm and polls its TCP ports until they accept connections (at most 10 s). When swtpm
  // exits before that (a port taken between choosing and binding it), retries on other ports.
  // kUnavailable, with swtpm's log (or swtpm_setup's), when it cannot be started.
  static Result<std::unique_ptr<Swtpm>> Start(const SwtpmOptions& options);
  static Result<std::unique_ptr<Swtpm>> Start() { return Start(SwtpmOptions{}); }

  // Stops swtpm (SIGTERM, then SIGKILL after 5 s), reaps it and removes the directory.
  ~Swtpm();
  Swtpm(const Swtpm&) = delete;
  Swtpm& operator=(const Swtpm&) = delete;

  pid_t pid() const { return pid_; }
  const std::filesystem::path& dir() const { return dir_; }
  std::string Path(std::string_view file) const { return (dir_ / file).string(); }
  const std::string& tcti() const { return tcti_; }  // "swtpm:host=127.0.0.1,port=N"

  // Runs `argv` (argv[0] looked up in PATH) in dir() with TPM2TOOLS_TCTI=tcti(); no shell.
  ToolResult Run(const std::vector<std::string>& argv) const;
  // Run(); fails (kInternal, with the tool's output) unless it exits 0; then flushes transient
  // objects and loaded and saved sessions. Context files (-c x.ctx) reload on their next use.
  Status Tpm2(const std::vector<std::string>& argv) const;
  // Puts the TPM into dictionary-attack lockout: one failure allowed (recovery 600 s), then one
  // wrong authorization of a DA-protected key. kInternal, with the tools' output, otherwise.
  Status LockOut() const;

  // The local CA of a TPM started with ek_certificates: its self-signed root and the issuing CA
  // that signs EK certificates (PEM files).
  std::filesystem::path LocalCaRoot() const {
    return dir_ / "localca" / "swtpm-localca-rootca-cert.pem";
  }
  std::filesystem::path LocalCaIssuer() const { return dir_ / "localca" / "issuercert.pem"; }
  // The contents of NV index `index` (tpm2_nvread with the empty owner authorization).
  Result<Bytes> ReadNv(std::uint32_t index) const;
  // What swtpm_setup 0.7 does not do for NIST P-256: creates the ECC EK of TCG template L-2
  // (tpm2_createek -G ecc), has the local CA certify it (swtpm_localca, the same TPM
  // manufacturer/model/version fields as swtpm_setup) and stores the DER certificate in NV
  // 0x01c0000a. Needs a TPM started with ek_certificates.
  Status ProvisionEccP256EkCertificate() const;

 private:
  Swtpm(std::filesystem::path dir, pid_t pid, std::uint16_t port);

  std::filesystem::path dir_;
  pid_t pid_;
  std::string tcti_;
};

}  // namespace veil::testing
