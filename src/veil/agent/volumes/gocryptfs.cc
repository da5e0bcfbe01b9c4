#include "veil/agent/volumes/gocryptfs.h"

#include <sys/stat.h>
#include <unistd.h>

#include <array>
#include <string_view>
#include <thread>

#include "veil/base/log_safe.h"

namespace veil::agent {
namespace {

constexpr std::size_t kMinKeyBytes = 16;
constexpr auto kMountTimeout = std::chrono::seconds(30);
constexpr auto kMountPoll = std::chrono::milliseconds(20);

// gocryptfs's documented exit codes (gocryptfs(1), "EXIT CODES").
constexpr int kExitCipherDirInvalid = 6;
constexpr int kExitMountpointNotEmpty = 10;
constexpr int kExitPasswordIncorrect = 12;
constexpr int kExitConfigUnreadable = 23;
constexpr int kExitFsckErrors = 26;

// The last line of `output` that starts with `prefix` (any line when `prefix` is empty), made
// safe to log.
std::string LineOf(std::string_view output, std::string_view prefix = {}) {
  std::string_view found;
  while (!output.empty()) {
    const std::size_t end = output.find('\n');
    const std::string_view line = output.substr(0, end);
    if (!line.empty() && line.substr(0, prefix.size()) == prefix) found = line;
    if (end == std::string_view::npos) break;
    output.remove_prefix(end + 1);
  }
  return LogSafe(found);
}

std::string Explain(const ToolExit& exit) {
  switch (exit.code) {
    case kExitCipherDirInvalid:
      return "it is not a gocryptfs directory";
    case kExitMountpointNotEmpty:
      return "the mountpoint is not empty";
    case kExitPasswordIncorrect:
      return "the key does not open it (another key, or gocryptfs.conf was replaced)";
    case kExitConfigUnreadable:
      return "its gocryptfs.conf cannot be read";
    case kExitFsckErrors:
      return "files in it fail authentication: it was tampered with or damaged (" +
             LineOf(exit.output, "fsck summary:") + ")";
    default: {
      const std::string last = LineOf(exit.output);
      return "gocryptfs " + exit.description + (last.empty() ? "" : ": " + last);
    }
  }
}

Error ToolFailure(std::string_view action, const std::filesystem::path& cipher_dir,
                  const ToolExit& exit) {
  std::string message = std::string(action) + " " + cipher_dir.string() + ": " + Explain(exit);
  const bool refused = exit.code == kExitPasswordIncorrect || exit.code == kExitFsckErrors;
  return refused ? VerificationFailed(std::move(message)) : Unavailable(std::move(message));
}

dev_t DeviceOf(const std::filesystem::path& path) {
  struct stat info {};
  return stat(path.c_str(), &info) == 0 ? info.st_dev : 0;
}

}  // namespace

Result<crypto::SecretBytes> GocryptfsPassword(ByteSpan key) {
  if (key.size() < kMinKeyBytes) {
    return Fail(InvalidArgument("the volume key has " + std::to_string(key.size()) +
                                " bytes; at least " + std::to_string(kMinKeyBytes) +
                                " are needed (store 32 random bytes)"));
  }
  constexpr std::string_view kDigits = "0123456789abcdef";
  crypto::SecretBytes password(key.size() * 2 + 1);
  auto out = password.mutable_span();
  for (std::size_t i = 0; i < key.size(); ++i) {
    out[2 * i] = static_cast<std::uint8_t>(kDigits[key[i] >> 4]);
    out[2 * i + 1] = static_cast<std::uint8_t>(kDigits[key[i] & 0x0f]);
  }
  out[out.size() - 1] = '\n';
  return password;
}

Result<Gocryptfs> Gocryptfs::Find() {
  for (const char* dir : {"/usr/sbin", "/usr/bin", "/sbin", "/bin"}) {
    const std::filesystem::path candidate = std::filesystem::path(dir) / "gocryptfs";
    if (access(candidate.c_str(), X_OK) == 0) return Gocryptfs(candidate);
  }
  return Fail(NotFound(
      "gocryptfs is not installed (Debian package gocryptfs): [[workload.volumes]] needs it"));
}

Status Gocryptfs::Init(const std::filesystem::path& cipher_dir, ByteSpan password) const {
  VEIL_ASSIGN_OR_RETURN(
      ToolExit exit,
      RunTool({binary_.string(), "-init", "-q", "--", cipher_dir.string()}, password));
  if (exit.code != 0) return Fail(ToolFailure("initialising", cipher_dir, exit));
  return {};
}

Status Gocryptfs::Check(const std::filesystem::path& cipher_dir, ByteSpan password) const {
  VEIL_ASSIGN_OR_RETURN(ToolExit exit, RunTool({binary_.string(), "-fsck", "-q", "-nosyslog", "--",
                                                cipher_dir.string()},
                                               password, ToolOutput::kCaptureBoth));
  if (exit.code != 0) return Fail(ToolFailure("checking", cipher_dir, exit));
  return {};
}

Result<ToolProcess> Gocryptfs::Mount(const std::filesystem::path& cipher_dir,
                                     const std::filesystem::path& mountpoint,
                                     ByteSpan password) const {
  const dev_t before = DeviceOf(mountpoint);
  VEIL_ASSIGN_OR_RETURN(
      ToolProcess daemon,
      ToolProcess::Start({binary_.string(), "-fg", "-q", "-nosyslog", "-allow_other", "--",
                          cipher_dir.string(), mountpoint.string()},
                         password, ToolOutput::kInheritStderr));
  const auto deadline = std::chrono::steady_clock::now() + kMountTimeout;
  while (DeviceOf(mountpoint) == before) {
    if (auto exit = daemon.Poll()) return Fail(ToolFailure("mounting", cipher_dir, *exit));
    if (std::chrono::steady_clock::now() > deadline) {
      daemon.Terminate();
      return Fail(Unavailable("mounting " + cipher_dir.string() + ": gocryptfs did not mount " +
                              mountpoint.string() + " within 30 s"));
    }
    std::this_thread::sleep_for(kMountPoll);
  }
  return daemon;
}

}  // namespace veil::agent
