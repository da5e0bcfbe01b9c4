#include "veil/store/sqlite/data_file.h"

#include <fcntl.h>

#include <cerrno>
#include <cstring>
#include <string>

#include "veil/base/private_file.h"
#include "veil/base/unique_fd.h"

namespace veil::store::sqlite {

Status EnsurePrivateFile(const std::filesystem::path& file) {
  VEIL_TRY(MakePrivateDirectories(file.parent_path()));
  // Created with its final mode in the open(2) itself; an existing file is opened as it is.
  const UniqueFd fd(::open(file.c_str(), O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0600));
  if (!fd.valid()) {
    return Fail(
        Unavailable("cannot create or open " + file.string() + ": " + std::strerror(errno)));
  }
  return {};
}

}  // namespace veil::store::sqlite
