#pragma once
// A veil-trustee child process for integration tests: started with the given flags on port 0,
// its port read from the "listening on" line it prints, stopped with SIGTERM (then SIGKILL) in
// the destructor, or killed with SIGKILL (Kill) to test crash recovery. Its log (stderr) is kept
// in a file inside the data directory's parent, appended to by every start on the same directory.

#include <sys/types.h>

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "veil/base/result.h"

namespace veil::testing {

class TrusteeProcess {
 public:
  // Runs build/bin/veil-trustee --listen 127.0.0.1:0 --data-dir DATA_DIR ARGS... and waits (at
  // most 20 s) for it to report its port. kUnavailable with the log when it exits or stays silent.
  static Result<std::unique_ptr<TrusteeProcess>> Start(const std::filesystem::path& data_dir,
                                                       const std::vector<std::string>& args = {});
  ~TrusteeProcess();
  TrusteeProcess(const TrusteeProcess&) = delete;
  TrusteeProcess& operator=(const TrusteeProcess&) = delete;

  std::uint16_t port() const { return port_; }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }
  // Everything the trustee logged so far.
  std::string Log() const;
  // The process's resident set size now (VmRSS in /proc/<pid>/status), in bytes; 0 when it cannot
  // be read (the process is gone).
  std::size_t ResidentBytes() const;
  // SIGTERM and wait; returns the exit status (or -1).
  int Stop();
  // SIGKILL and wait, as a crash or `kill -9` would end it: no handler, no cleanup. True when the
  // process died of that signal (false when it had already exited, or was stopped earlier).
  bool Kill();

 private:
  TrusteeProcess(pid_t pid, std::uint16_t port, std::filesystem::path log);
  pid_t pid_;
  std::uint16_t port_;
  std::filesystem::path log_;
};

}  // namespace veil::testing
