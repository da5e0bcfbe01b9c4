#include "veil/agent/measurement/event_log.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include <nlohmann/json.hpp>

#include "veil/base/hex.h"
#include "veil/base/unique_fd.h"

namespace veil::agent {
namespace {

// O_NOFOLLOW: a symlink planted at the log's path would make the agent (root) append to any file.
Result<UniqueFd> OpenForAppend(const std::filesystem::path& log) {
  UniqueFd fd(::open(log.c_str(),
                     O_WRONLY | O_APPEND | O_CREAT | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY | O_CLOEXEC,
                     0644));
  if (!fd.valid() && errno == ELOOP) {
    return Fail(Unavailable("the event log " + log.string() +
                            " is a symbolic link; refusing to append through it"));
  }
  if (!fd.valid()) {
    return Fail(Unavailable("cannot append to the event log " + log.string() + ": " +
                            std::strerror(errno)));
  }
  struct stat info {};
  if (::fstat(fd.get(), &info) != 0 || !S_ISREG(info.st_mode)) {
    return Fail(Unavailable("the event log " + log.string() + " is not a regular file"));
  }
  return fd;
}

// Creates the log's directory when missing (a failure shows when the log is opened).
Result<UniqueFd> CreateAndOpen(const std::filesystem::path& log) {
  std::error_code error;
  if (log.has_parent_path()) std::filesystem::create_directories(log.parent_path(), error);
  return OpenForAppend(log);
}

}  // namespace

Status CheckEventLogAppendable(const std::filesystem::path& log) {
  VEIL_ASSIGN_OR_RETURN(const UniqueFd opened, CreateAndOpen(log));
  return {};
}

Status AppendEvent(const std::filesystem::path& log, const std::string& register_name,
                   const MeasurementEvent& event) {
  VEIL_ASSIGN_OR_RETURN(UniqueFd fd, CreateAndOpen(log));
  const nlohmann::json line = {{"register", register_name},
                               {"type", event.type},
                               {"digest", HexEncode(event.digest)},
                               {"description", event.description}};
  // One write(2) per line: with O_APPEND the line lands whole at the end.
  const std::string text = line.dump() + "\n";
  const ssize_t wrote = ::write(fd.get(), text.data(), text.size());
  if (wrote != static_cast<ssize_t>(text.size()) || fd.Close() != 0) {
    return Fail(
        Unavailable("cannot write the event log " + log.string() + ": " + std::strerror(errno)));
  }
  return {};
}

}  // namespace veil::agent
