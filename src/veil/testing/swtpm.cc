#include "veil/testing/swtpm.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <utility>

#include "veil/base/file.h"
#include "veil/base/hex.h"
#include "veil/base/unique_fd.h"
#include "veil/crypto/public_key.h"
#include "veil/crypto/public_key_components.h"

extern char** environ;

namespace veil::testing {
namespace {

using SteadyClock = std::chrono::steady_clock;
constexpr auto kReadyWithin = std::chrono::seconds(10);
constexpr auto kStopWithin = std::chrono::seconds(5);
constexpr int kPollIntervalMs = 10;
constexpr int kStartAttempts = 5;

// NUL-terminated argv/envp arrays, built before fork() so that the child only makes
// async-signal-safe calls.
class CStrings {
 public:
  explicit CStrings(std::vector<std::string> strings) : strings_(std::move(strings)) {
    for (std::string& s : strings_) pointers_.push_back(s.data());
    pointers_.push_back(nullptr);
  }
  char* const* get() const { return pointers_.data(); }

 private:
  std::vector<std::string> strings_;
  std::vector<char*> pointers_;
};

sockaddr_in Loopback(std::uint16_t port) {
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(port);
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  return address;
}

bool BindLoopback(const UniqueFd& fd, std::uint16_t port, std::uint16_t* bound) {
  sockaddr_in address = Loopback(port);
  socklen_t length = sizeof address;
  if (fd.get() < 0 || bind(fd.get(), reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 ||
      getsockname(fd.get(), reinterpret_cast<sockaddr*>(&address), &length) != 0) {
    return false;
  }
  *bound = ntohs(address.sin_port);
  return true;
}

// Two free consecutive loopback ports: the swtpm TCTI expects the control channel on port + 1.
// The kernel picks the first (bind to port 0); when the next one is taken, it picks again.
Result<std::uint16_t> FreePortPair() {
  for (int attempt = 0; attempt < 20; ++attempt) {
    const UniqueFd server(socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0));
    const UniqueFd control(socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0));
    std::uint16_t port = 0;
    std::uint16_t control_port = 0;
    if (!BindLoopback(server, 0, &port)) break;
    if (port < 65535 &&
        BindLoopback(control, static_cast<std::uint16_t>(port + 1), &control_port)) {
      return port;
    }
  }
  return Fail(Unavailable("cannot find two free consecutive loopback ports"));
}

bool AcceptsConnections(std::uint16_t port) {
  UniqueFd fd(socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0));
  const sockaddr_in address = Loopback(port);
  return fd.get() >= 0 &&
         connect(fd.get(), reinterpret_cast<const sockaddr*>(&address), sizeof address) == 0;
}

std::string ReadText(const std::filesystem::path& path) {
  std::ifstream in(path);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

std::vector<std::string> EnvironmentWith(const std::string& name, const std::string& value) {
  std::vector<std::string> environment;
  for (char** entry = environ; *entry != nullptr; ++entry) {
    if (std::string_view(*entry).starts_with(name + "=")) continue;
    environment.emplace_back(*entry);
  }
  environment.push_back(name + "=" + value);
  return environment;
}

// Forks and execs `argv` (looked up in PATH) with stdin from /dev/null, stdout and stderr to
// `output_fd`, in `cwd` (unless null), with `envp` (unless null). The child dies with the test
// process (PR_SET_PDEATHSIG), so no swtpm outlives a crashed or killed test.
pid_t Spawn(const CStrings& argv, const CStrings* envp, const char* cwd, int output_fd) {
  const pid_t parent = getpid();
  const pid_t pid = fork();
  if (pid != 0) return pid;
  prctl(PR_SET_PDEATHSIG, SIGKILL);
  if (getppid() != parent) _exit(126);
  const int null_fd = open("/dev/null", O_RDONLY | O_CLOEXEC);
  if (null_fd < 0 || dup2(null_fd, STDIN_FILENO) < 0 || dup2(output_fd, STDOUT_FILENO) < 0 ||
      dup2(output_fd, STDERR_FILENO) < 0 || (cwd != nullptr && chdir(cwd) != 0)) {
    _exit(126);
  }
  if (envp != nullptr) {
    execvpe(argv.get()[0], argv.get(), envp->get());
  } else {
    execvp(argv.get()[0], argv.get());
  }
  _exit(127);
}

int ExitCode(int status) { return WIFEXITED(status) ? WEXITSTATUS(status) : -1; }

enum class Readiness { kReady, kExited, kTimedOut };

// Polls (every 10 ms, bounded by kReadyWithin) until `port` and `port + 1` accept connections
// or `pid` exits.
Readiness WaitUntilListening(pid_t pid, std::uint16_t port) {
  const auto deadline = SteadyClock::now() + kReadyWithin;
  while (SteadyClock::now() < deadline) {
    int status = 0;
    if (waitpid(pid, &status, WNOHANG) == pid) return Readiness::kExited;
    if (AcceptsConnections(port) && AcceptsConnections(static_cast<std::uint16_t>(port + 1))) {
      return Readiness::kReady;
    }
    poll(nullptr, 0, kPollIntervalMs);
  }
  return Readiness::kTimedOut;
}

void Stop(pid_t pid) {
  kill(pid, SIGTERM);
  const auto deadline = SteadyClock::now() + kStopWithin;
  int status = 0;
  while (SteadyClock::now() < deadline) {
    if (waitpid(pid, &status, WNOHANG) == pid) return;
    poll(nullptr, 0, kPollIntervalMs);
  }
  kill(pid, SIGKILL);
  waitpid(pid, &status, 0);
}

Result<std::filesystem::path> MakeTempDir() {
  std::string pattern = (std::filesystem::temp_directory_path() / "veil-swtpm-XXXXXX").string();
  if (mkdtemp(pattern.data()) == nullptr) {
    return Fail(Unavailable("cannot create a directory like " + pattern));
  }
  std::error_code error;
  const std::filesystem::path dir = std::filesystem::absolute(pattern, error);
  if (error || !std::filesystem::create_directory(dir / "state", error)) {
    return Fail(Unavailable("cannot create " + (dir / "state").string()));
  }
  return dir;
}

std::vector<std::string> SwtpmCommand(const std::filesystem::path& dir, std::uint16_t port) {
  const std::string state = "dir=" + (dir / "state").string();
  const std::string server = "type=tcp,port=" + std::to_string(port) + ",bindaddr=127.0.0.1";
  const std::string control = "type=tcp,port=" + std::to_string(port + 1) + ",bindaddr=127.0.0.1";
  // clang-format off
  return {"swtpm", "socket", "--tpm2",
          "--tpmstate", state,
          "--server", server,
          "--ctrl", control,
          "--flags", "not-need-init,startup-clear"};
  // clang-format on
}

Status WriteText(const std::filesystem::path& path, const std::string& text) {
  std::ofstream out(path);
  out << text;
  if (!out.flush()) return Fail(Unavailable("cannot write " + path.string()));
  return {};
}

// Runs `argv` with its output in `log`, waits for it, and fails with that output unless it
// exits 0.
Status RunToCompletion(const std::vector<std::string>& argv, const std::filesystem::path& log) {
  const UniqueFd log_fd(open(log.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600));
  if (log_fd.get() < 0) return Fail(Unavailable("cannot create " + log.string()));
  const CStrings args(argv);
  const pid_t pid = Spawn(args, nullptr, nullptr, log_fd.get());
  int status = 0;
  if (pid < 0 || waitpid(pid, &status, 0) != pid || ExitCode(status) != 0) {
    return Fail(Unavailable(argv[0] + " failed: " + ReadText(log)));
  }
  return {};
}

// The swtpm_localca configuration (its CA lives in dir/localca) and the swtpm_setup
// configuration that calls it.
Status WriteLocalCaConfig(const std::filesystem::path& dir) {
  const std::filesystem::path ca = dir / "localca";
  std::error_code error;
  if (!std::filesystem::create_directory(ca, error))
    return Fail(Unavailable("cannot create " + ca.string()));
  VEIL_TRY(WriteText(dir / "swtpm-localca.conf",
                     "statedir = " + ca.string() +
                         "\nsigningkey = " + (ca / "signkey.pem").string() +
                         "\nissuercert = " + (ca / "issuercert.pem").string() +
                         "\ncertserial = " + (ca / "certserial").string() + "\n"));
  VEIL_TRY(
      WriteText(dir / "swtpm-localca.options",
                "--platform-manufacturer Veil\n--platform-version 2.1\n--platform-model swtpm\n"));
  return WriteText(dir / "swtpm_setup.conf",
                   "create_certs_tool = swtpm_localca\ncreate_certs_tool_config = " +
                       (dir / "swtpm-localca.conf").string() + "\ncreate_certs_tool_options = " +
                       (dir / "swtpm-localca.options").string() + "\n");
}

// swtpm_setup creates the EKs and has the local CA certify them into NV, then stops its swtpm.
Status Manufacture(const std::filesystem::path& dir) {
  VEIL_TRY(WriteLocalCaConfig(dir));
  return RunToCompletion({"swtpm_setup", "--tpm2", "--tpmstate", (dir / "state").string(),
                          "--create-ek-cert", "--config", (dir / "swtpm_setup.conf").string()},
                         dir / "swtpm_setup.log");
}

std::string Join(const std::vector<std::string>& argv) {
  std::string line;
  for (const std::string& arg : argv) line += (line.empty() ? "" : " ") + arg;
  return line;
}

}  // namespace

Result<std::unique_ptr<Swtpm>> Swtpm::Start(const SwtpmOptions& options) {
  VEIL_ASSIGN_OR_RETURN(const std::filesystem::path dir, MakeTempDir());
  if (options.ek_certificates) {
    if (Status made = Manufacture(dir); !made) {
      std::error_code ignored;
      std::filesystem::remove_all(dir, ignored);
      return Fail(std::move(made).error());
    }
  }
  const std::filesystem::path log = dir / "swtpm.log";
  for (int attempt = 0; attempt < kStartAttempts; ++attempt) {
    auto port = FreePortPair();
    if (!port) break;
    const UniqueFd log_fd(open(log.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600));
    if (log_fd.get() < 0) break;
    const CStrings argv(SwtpmCommand(dir, *port));
    const pid_t pid = Spawn(argv, nullptr, nullptr, log_fd.get());
    if (pid < 0) break;
    switch (WaitUntilListening(pid, *port)) {
      case Readiness::kReady:
        return std::unique_ptr<Swtpm>(new Swtpm(dir, pid, *port));
      case Readiness::kExited:
        continue;  // most likely a port was taken meanwhile: try others
      case Readiness::kTimedOut:
        Stop(pid);
        break;
    }
    break;
  }
  const std::string output = ReadText(log);
  std::error_code ignored;
  std::filesystem::remove_all(dir, ignored);
  return Fail(Unavailable("swtpm did not start: " + output));
}

Swtpm::Swtpm(std::filesystem::path dir, pid_t pid, std::uint16_t port)
    : dir_(std::move(dir)), pid_(pid), tcti_("swtpm:host=127.0.0.1,port=" + std::to_string(port)) {}

Swtpm::~Swtpm() {
  Stop(pid_);
  std::error_code ignored;
  std::filesystem::remove_all(dir_, ignored);
}

ToolResult Swtpm::Run(const std::vector<std::string>& argv) const {
  ToolResult result;
  int pipe_fds[2];
  if (argv.empty() || pipe2(pipe_fds, O_CLOEXEC) != 0) return result;
  const UniqueFd read_end(pipe_fds[0]);
  const CStrings args(argv);
  const CStrings envp(EnvironmentWith("TPM2TOOLS_TCTI", tcti_));
  pid_t pid = -1;
  {
    const UniqueFd write_end(pipe_fds[1]);  // closed in the parent once the child holds it
    pid = Spawn(args, &envp, dir_.c_str(), write_end.get());
  }
  if (pid < 0) return result;
  char buffer[4096];
  while (true) {
    const ssize_t n = read(read_end.get(), buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    result.output.append(buffer, static_cast<std::size_t>(n));
  }
  int status = 0;
  if (waitpid(pid, &status, 0) == pid) result.exit_code = ExitCode(status);
  return result;
}

Status Swtpm::Tpm2(const std::vector<std::string>& argv) const {
  const ToolResult run = Run(argv);
  if (run.exit_code != 0) {
    return Fail(
        Internal(Join(argv) + " exited with " + std::to_string(run.exit_code) + ": " + run.output));
  }
  const ToolResult flush = Run({"tpm2_flushcontext", "-t", "-l", "-s"});
  if (flush.exit_code != 0) return Fail(Internal("tpm2_flushcontext failed: " + flush.output));
  return {};
}

Status Swtpm::LockOut() const {
  VEIL_TRY(Tpm2({"tpm2_dictionarylockout", "--setup-parameters", "--max-tries=1",
                 "--recovery-time=600", "--lockout-recovery-time=600"}));
  VEIL_TRY(Tpm2({"tpm2_createprimary", "-C", "o", "-c", "lockout-key.ctx", "-p", "right"}));
  const ToolResult wrong = Run({"tpm2_create", "-C", "lockout-key.ctx", "-P", "wrong", "-u",
                                "lockout-key.pub", "-r", "lockout-key.priv"});
  if (wrong.exit_code == 0)
    return Fail(Internal("a wrong authorization was accepted: " + wrong.output));
  return Tpm2({"tpm2_flushcontext", "-t"});
}

}  // namespace veil::testing

namespace veil::testing {

Result<Bytes> Swtpm::ReadNv(std::uint32_t index) const {
  char hex_index[16];
  std::snprintf(hex_index, sizeof hex_index, "0x%08x", index);
  const std::string file = std::string("nv-") + hex_index + ".bin";
  VEIL_TRY(Tpm2({"tpm2_nvread", hex_index, "-C", "o", "-o", file}));
  return ReadFileBytes(dir_ / file);
}

Status Swtpm::ProvisionEccP256EkCertificate() const {
  VEIL_TRY(
      Tpm2({"tpm2_createek", "-G", "ecc", "-c", "ek-p256.ctx", "-u", "ek-p256.pem", "-f", "pem"}));
  VEIL_ASSIGN_OR_RETURN(const std::string pem, ReadFileText(dir_ / "ek-p256.pem"));
  VEIL_ASSIGN_OR_RETURN(const crypto::PublicKey key, crypto::PublicKey::FromPem(pem));
  VEIL_ASSIGN_OR_RETURN(const crypto::EcPublicPoint point, crypto::GetEcPublicPoint(key));
  const std::filesystem::path out = dir_ / "ek-p256-cert";
  std::error_code error;
  std::filesystem::create_directory(out, error);
  // The TPM fields swtpm_setup 0.7.1 passes for the RSA EK.
  VEIL_TRY(Tpm2({"swtpm_localca",
                 "--type",
                 "ek",
                 "--ek",
                 "x=" + HexEncode(point.x) + ",y=" + HexEncode(point.y) + ",id=secp256r1",
                 "--dir",
                 out.string(),
                 "--tpm-spec-family",
                 "2.0",
                 "--tpm-spec-level",
                 "0",
                 "--tpm-spec-revision",
                 "164",
                 "--tpm-manufacturer",
                 "id:00001014",
                 "--tpm-model",
                 "swtpm",
                 "--tpm-version",
                 "id:20191023",
                 "--tpm2",
                 "--configfile",
                 Path("swtpm-localca.conf"),
                 "--optsfile",
                 Path("swtpm-localca.options")}));
  VEIL_ASSIGN_OR_RETURN(const Bytes cert, ReadFileBytes(out / "ek.cert"));
  VEIL_TRY(Tpm2({"tpm2_nvdefine", "0x01c0000a", "-C", "o", "-s", std::to_string(cert.size()), "-a",
                 "ownerwrite|ownerread|authread|no_da"}));
  return Tpm2({"tpm2_nvwrite", "0x01c0000a", "-C", "o", "-i", (out / "ek.cert").string()});
}

}  // namespace veil::testing
