#include "veil/endorsement/vcek/vcek_store.h"

#include <system_error>

#include "veil/base/file.h"
#include "veil/base/hex.h"
#include "veil/base/private_file.h"
#include "veil/crypto/random.h"

namespace veil::endorsement::vcek {
namespace {

constexpr std::size_t kMaxCertificateBytes = 64u << 10;
constexpr mode_t kCertificateMode = 0644;

}  // namespace

Result<std::optional<Bytes>> VcekStore::Find(const VcekId& id) const {
  const std::filesystem::path path = PathOf(id);
  std::error_code error;
  if (!std::filesystem::is_regular_file(path, error)) return std::optional<Bytes>();
  VEIL_ASSIGN_OR_RETURN(Bytes der, ReadFileBytes(path, kMaxCertificateBytes));
  return std::optional<Bytes>(std::move(der));
}

Status VcekStore::Put(const VcekId& id, ByteSpan der) const {
  const std::filesystem::path path = PathOf(id);
  std::error_code error;
  std::filesystem::create_directories(path.parent_path(), error);
  if (error) {
    return Fail(
        Unavailable("cannot create " + path.parent_path().string() + ": " + error.message()));
  }
  // A name no other writer (thread or process) uses; a crashed writer's leftover is harmless.
  const std::filesystem::path partial =
      path.string() + ".partial-" + HexEncode(crypto::RandomBytes(8));
  VEIL_TRY(WriteNewFile(partial, der, kCertificateMode));
  std::filesystem::rename(partial, path, error);
  if (error) {
    std::filesystem::remove(partial, error);
    return Fail(Unavailable("cannot store " + path.string() + ": " + error.message()));
  }
  return {};
}

}  // namespace veil::endorsement::vcek
