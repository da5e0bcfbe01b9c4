#include "veil/trustee/data_dir_keys.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "veil/base/file.h"
#include "veil/crypto/random.h"

namespace veil::trustee {
namespace {

constexpr const char* kSigningKeyFile = "token-signing-key.pem";
constexpr const char* kKeyEncryptionKeyFile = "key-encryption-key";

Error FileError(const std::filesystem::path& path, std::string_view what) {
  return Unavailable(std::string(what) + " " + path.string() + ": " + std::strerror(errno));
}

// Writes `bytes` to a new file (0600); fails with kAlreadyExists semantics (EEXIST) as
// kUnavailable.
Status WriteNewPrivateFile(const std::filesystem::path& path, ByteSpan bytes) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) return Fail(FileError(path, "cannot create"));
  std::size_t written = 0;
  while (written < bytes.size()) {
    const ssize_t n = ::write(fd, bytes.data() + written, bytes.size() - written);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      ::close(fd);
      return Fail(FileError(path, "cannot write"));
    }
    written += static_cast<std::size_t>(n);
  }
  const bool synced = ::fsync(fd) == 0;
  ::close(fd);
  if (!synced) return Fail(FileError(path, "cannot sync"));
  return {};
}

Status CheckPrivate(const std::filesystem::path& path) {
  struct stat info {};
  if (::stat(path.c_str(), &info) != 0) return Fail(FileError(path, "cannot stat"));
  if ((info.st_mode & 077) != 0) {
    return Fail(
        InvalidArgument(path.string() + " is accessible by group or others; run chmod 600 on it"));
  }
  return {};
}

}  // namespace

Status EnsureDataDir(const std::filesystem::path& dir) {
  std::error_code ec;
  if (std::filesystem::is_directory(dir, ec)) return {};
  std::filesystem::create_directories(dir, ec);
  if (ec)
    return Fail(Unavailable("cannot create data directory " + dir.string() + ": " + ec.message()));
  std::filesystem::permissions(dir, std::filesystem::perms::owner_all, ec);
  return {};
}

Result<crypto::PrivateKey> LoadOrCreateSigningKey(const std::filesystem::path& dir) {
  const std::filesystem::path path = dir / kSigningKeyFile;
  if (!std::filesystem::exists(path)) {
    VEIL_ASSIGN_OR_RETURN(auto key, crypto::PrivateKey::Generate(crypto::KeyAlgorithm::kEcP256));
    const crypto::SecretBytes pem = key.ToPem();
    auto written = WriteNewPrivateFile(path, pem.span());
    if (written) return key;
    if (errno != EEXIST) return Fail(std::move(written).error());
  }
  VEIL_TRY(CheckPrivate(path));
  VEIL_ASSIGN_OR_RETURN(std::string pem, ReadFileText(path, 64u << 10));
  auto key = crypto::PrivateKey::FromPem(pem);
  if (!key) return Fail(std::move(key).error().WithContext(path.string()));
  if (!key->IsEc(crypto::EcCurve::kP256)) {
    return Fail(InvalidArgument(path.string() + " holds " + key->Describe() +
                                "; the token signing key must be EC P-256"));
  }
  return key;
}

Result<crypto::SecretBytes> LoadOrCreateKeyEncryptionKey(const std::filesystem::path& dir) {
  const std::filesystem::path path = dir / kKeyEncryptionKeyFile;
  if (!std::filesystem::exists(path)) {
    crypto::SecretBytes key = crypto::RandomSecretBytes(32);
    auto written = WriteNewPrivateFile(path, key.span());
    if (written) return key;
    if (errno != EEXIST) return Fail(std::move(written).error());
  }
  VEIL_TRY(CheckPrivate(path));
  VEIL_ASSIGN_OR_RETURN(Bytes bytes, ReadFileBytes(path, 64));
  crypto::SecretBytes key(bytes);
  std::fill(bytes.begin(), bytes.end(), 0);
  if (key.size() != 32) {
    return Fail(InvalidArgument(path.string() + " must hold exactly 32 bytes, found " +
                                std::to_string(key.size())));
  }
  return key;
}

}  // namespace veil::trustee
