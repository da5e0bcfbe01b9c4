#pragma once
// Removal of what the agent wrote, by descriptor: the workload owns the trees it gets and may
// have swapped any directory in them for a symlink by the time they are removed.

#include <string>

#include "veil/base/result.h"

namespace veil::agent {

// Deeper trees are not walked (each level holds a descriptor); the error names where to look.
inline constexpr int kMaxRemoveDepth = 256;

// Removes the entry `name` of the directory open at `parent_fd`, and everything below it when it
// is a directory. Directories are opened with O_NOFOLLOW | O_DIRECTORY below their parent's
// descriptor and emptied with unlinkat, so a symlink is removed, never followed, and nothing
// outside the tree is touched. Nothing at `name` is success. kUnavailable naming `shown` (the
// path for messages) and the first entry that could not be removed; removal goes on past it.
Status RemoveTree(int parent_fd, const std::string& name, const std::string& shown);

}  // namespace veil::agent
