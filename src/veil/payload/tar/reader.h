#pragma once
// TarReader: the files and directories of a tar archive as GNU tar writes it (GNU, ustar or pax
// format), one at a time. GNU long names (typeflag 'L') and pax extended headers ('x': "path",
// "size") are folded into the entry they precede. Everything else that could reach outside a
// plain tree of files is refused, not skipped: links, devices, FIFOs, sparse files, volume
// labels. Layouts: docs/formats/payload.md ("The workload bundle").

#include <cstdint>
#include <optional>
#include <string>

#include "veil/base/byte_reader.h"
#include "veil/base/bytes.h"
#include "veil/base/result.h"

namespace veil::payload::tar {

enum class EntryType { kFile, kDirectory };

struct TarEntry {
  std::string
      name;  // as archived (pax path, else GNU long name, else the header's name); unchecked
  EntryType type = EntryType::kFile;
  std::uint32_t mode = 0;  // permission bits as archived
  ByteSpan data;           // a file's contents, a view into the archive; empty for a directory
  std::size_t offset = 0;  // of the entry's first header block, for messages
};

inline constexpr std::size_t kMaxLongNameSize = 4096;        // PATH_MAX
inline constexpr std::size_t kMaxPaxHeaderSize = 64u << 10;  // far above what GNU tar writes

class TarReader {
 public:
  explicit TarReader(ByteSpan archive) : reader_(archive) {}

  // The next file or directory, or nullopt after the end-of-archive marker (two zero blocks,
  // then nothing but zero padding). Errors quote the entry's name and give its offset:
  // kMalformed for corrupt or truncated archives, kUnsupported for refused entry types.
  Result<std::optional<TarEntry>> Next();

 private:
  ByteReader reader_;
  bool ended_ = false;
};

}  // namespace veil::payload::tar
