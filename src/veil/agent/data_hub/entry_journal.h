#pragma once
// The record of what the agent writes into a tmpfs it did not mount (fallback mode), so that a
// run killed before it could clean up (kill -9, a signal with its default effect) leaves nothing
// the next run cannot recognise. The journal is the file kJournalName in that directory, owned by
// the agent, mode 0600, holding one plain name per line; it is locked (flock) for as long as a
// run uses the directory, so a journal that is not locked belongs to a run that is gone.

#include <sys/types.h>

#include <string>
#include <string_view>
#include <vector>

#include "veil/base/result.h"
#include "veil/base/unique_fd.h"

namespace veil::agent {

inline constexpr std::string_view kJournalName = ".veil-agent-entries";
inline constexpr std::size_t kMaxJournalSize = 64 * 1024;

class EntryJournal {
 public:
  // Opens (creating) and locks the journal in the directory open at `dir_fd`; `dir` names it in
  // messages. kUnavailable when another live veil-agent holds it ("… is in use by another
  // veil-agent"), or when it is not a regular file of the agent's with one link;
  // kInvalidArgument, saying what to remove, when a line is not a plain name.
  static Result<EntryJournal> Open(int dir_fd, const std::string& dir);

  // The names an earlier run recorded and did not clean up; empty after a clean end.
  const std::vector<std::string>& stale() const { return stale_; }
  // Forgets the stale names (after they were removed).
  Status ClearStale();
  // Records `name` before it is created.
  Status Record(std::string_view name);
  // Takes the last Record back (its name could not be created, so it is not ours to remove).
  Status DropLast();
  // Removes the journal after everything it names was removed, and releases the lock.
  Status Remove();

 private:
  EntryJournal(int dir_fd, std::string dir, UniqueFd fd, std::vector<std::string> stale)
      : dir_fd_(dir_fd), dir_(std::move(dir)), fd_(std::move(fd)), stale_(std::move(stale)) {}

  int dir_fd_;  // borrowed from the SecretVolume
  std::string dir_;
  UniqueFd fd_;
  std::vector<std::string> stale_;
  off_t before_last_ = 0;  // the journal's size before the last Record
};

// A name the agent writes directly into the secrets directory: not empty, ".", "..", or the
// journal, and without '/' or NUL.
bool IsPlainName(std::string_view name);

}  // namespace veil::agent
