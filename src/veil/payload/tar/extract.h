#pragma once
// Extraction of a workload bundle (a tar archive, as GNU tar writes it) into a directory that
// veil-agent prepared, typically a fresh tmpfs.

#include <filesystem>

#include "veil/base/bytes.h"
#include "veil/base/result.h"

namespace veil::payload::tar {

// Extracts `archive` into `dir`, which must exist and be empty (kInvalidArgument otherwise).
// The whole archive is read and checked before anything is written; it is refused (kMalformed
// or kUnsupported, quoting the entry and saying why) for anything TarReader refuses, a path that
// is absolute or has a ".." component, a duplicate entry, and a file that an earlier or later
// entry uses as a directory. Files are created with O_EXCL | O_NOFOLLOW below directories opened
// with O_NOFOLLOW, so nothing is written outside `dir`. Permission bits (mode & 0777) are
// restored, directories' last; setuid, setgid and sticky bits, owners and times are not.
// kUnavailable when writing fails, in which case `dir` holds a partial tree to be discarded.
Status ExtractTar(ByteSpan archive, const std::filesystem::path& dir);

}  // namespace veil::payload::tar
