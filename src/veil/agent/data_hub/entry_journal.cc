#include "veil/agent/data_hub/entry_journal.h"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace veil::agent {
namespace {

std::string Errno() { return std::strerror(errno); }

Status CheckJournalFile(int fd, const std::string& shown) {
  struct stat info {};
  if (::fstat(fd, &info) != 0) return Fail(Unavailable("cannot inspect " + shown + ": " + Errno()));
  if (!S_ISREG(info.st_mode) || info.st_uid != ::geteuid() || info.st_nlink != 1) {
    return Fail(Unavailable(shown + " is not a regular file of the agent's with one link; " +
                            "remove it by hand"));
  }
  return {};
}

Result<std::string> ReadJournal(int fd, const std::string& shown) {
  std::string text(kMaxJournalSize + 1, '\0');
  std::size_t done = 0;
  while (done < text.size()) {
    const ssize_t got =
        ::pread(fd, text.data() + done, text.size() - done, static_cast<off_t>(done));
    if (got < 0 && errno == EINTR) continue;
    if (got < 0) return Fail(Unavailable("cannot read " + shown + ": " + Errno()));
    if (got == 0) break;
    done += static_cast<std::size_t>(got);
  }
  if (done > kMaxJournalSize) {
    return Fail(InvalidArgument(shown + " is larger than " + std::to_string(kMaxJournalSize) +
                                " bytes; remove it by hand"));
  }
  text.resize(done);
  return text;
}

Result<std::vector<std::string>> ParseJournal(std::string_view text, const std::string& shown) {
  std::vector<std::string> names;
  while (!text.empty()) {
    const std::size_t newline = text.find('\n');
    const std::string_view line = text.substr(0, newline);
    if (newline == std::string_view::npos || !IsPlainName(line)) {
      return Fail(InvalidArgument(shown + " holds a line that is not a name the agent writes; " +
                                  "remove it, and what an earlier run left next to it, by hand"));
    }
    names.emplace_back(line);
    text.remove_prefix(newline + 1);
  }
  return names;
}

}  // namespace

bool IsPlainName(std::string_view name) {
  return !name.empty() && name != "." && name != ".." && name != kJournalName &&
         name.find('/') == std::string_view::npos && name.find('\0') == std::string_view::npos &&
         name.find('\n') == std::string_view::npos;
}

Result<EntryJournal> EntryJournal::Open(int dir_fd, const std::string& dir) {
  const std::string shown = dir + "/" + std::string(kJournalName);
  UniqueFd fd(::openat(dir_fd, std::string(kJournalName).c_str(),
                       O_RDWR | O_CREAT | O_APPEND | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC, 0600));
  if (!fd.valid()) return Fail(Unavailable("cannot open " + shown + ": " + Errno()));
  VEIL_TRY(CheckJournalFile(fd.get(), shown));
  if (::flock(fd.get(), LOCK_EX | LOCK_NB) != 0) {
    if (errno == EWOULDBLOCK) {
      return Fail(Unavailable(dir + " is in use by another veil-agent (it holds " + shown + ")"));
    }
    return Fail(Unavailable("cannot lock " + shown + ": " + Errno()));
  }
  VEIL_ASSIGN_OR_RETURN(std::string text, ReadJournal(fd.get(), shown));
  VEIL_ASSIGN_OR_RETURN(std::vector<std::string> stale, ParseJournal(text, shown));
  return EntryJournal(dir_fd, dir, std::move(fd), std::move(stale));
}

Status EntryJournal::ClearStale() {
  if (::ftruncate(fd_.get(), 0) != 0)
    return Fail(
        Unavailable("cannot clear " + dir_ + "/" + std::string(kJournalName) + ": " + Errno()));
  stale_.clear();
  return {};
}

Status EntryJournal::Record(std::string_view name) {
  struct stat info {};
  if (::fstat(fd_.get(), &info) != 0)
    return Fail(
        Unavailable("cannot inspect " + dir_ + "/" + std::string(kJournalName) + ": " + Errno()));
  before_last_ = info.st_size;
  const std::string line = std::string(name) + "\n";
  const ssize_t wrote = ::write(fd_.get(), line.data(), line.size());
  if (wrote != static_cast<ssize_t>(line.size())) {
    return Fail(Unavailable("cannot record " + std::string(name) + " in " + dir_ + "/" +
                            std::string(kJournalName) + ": " + Errno()));
  }
  return {};
}

Status EntryJournal::DropLast() {
  if (::ftruncate(fd_.get(), before_last_) != 0)
    return Fail(
        Unavailable("cannot update " + dir_ + "/" + std::string(kJournalName) + ": " + Errno()));
  return {};
}

Status EntryJournal::Remove() {
  if (!fd_.valid()) return {};
  if (::unlinkat(dir_fd_, std::string(kJournalName).c_str(), 0) != 0 && errno != ENOENT) {
    return Fail(
        Unavailable("cannot remove " + dir_ + "/" + std::string(kJournalName) + ": " + Errno()));
  }
  fd_.Reset();
  return {};
}

}  // namespace veil::agent
