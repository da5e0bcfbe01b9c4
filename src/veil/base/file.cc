#include "veil/base/file.h"

#include <fstream>
#include <iterator>
#include <system_error>

namespace veil {

Result<std::string> ReadFileText(const std::filesystem::path& path, std::size_t max_size) {
  std::error_code ec;
  const auto size = std::filesystem::file_size(path, ec);
  if (ec) return Fail(Unavailable("cannot read " + path.string() + ": " + ec.message()));
  if (size > max_size) {
    return Fail(InvalidArgument(path.string() + " is " + std::to_string(size) +
                                " bytes, more than the " + std::to_string(max_size) +
                                "-byte limit"));
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) return Fail(Unavailable("cannot open " + path.string()));
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (in.bad()) return Fail(Unavailable("error while reading " + path.string()));
  return text;
}

Result<Bytes> ReadFileBytes(const std::filesystem::path& path, std::size_t max_size) {
  VEIL_ASSIGN_OR_RETURN(std::string text, ReadFileText(path, max_size));
  return Bytes(text.begin(), text.end());
}

}  // namespace veil
