#include "veil/trustee/data_dir_keys.h"

#include <algorithm>

#include "veil/base/file.h"
#include "veil/base/private_file.h"
#include "veil/crypto/random.h"
#include "veil/trustee/data_dir.h"

namespace veil::trustee {
namespace {

// Whether `path` holds a private file yet; its problem when something else is there.
Result<bool> PrivateFileExists(const std::filesystem::path& path) {
  auto checked = RequirePrivateFile(path);
  if (checked) return true;
  if (checked.error().code == ErrorCode::kNotFound) return false;
  return Fail(std::move(checked).error());
}

// Writes a freshly generated key 0600; false when a trustee starting on the same directory at the
// same time wrote its own first (that one is then loaded by both).
Result<bool> WriteFirstKey(const std::filesystem::path& path, ByteSpan key) {
  auto written = WriteNewFile(path, key, 0600);
  if (written) return true;
  VEIL_ASSIGN_OR_RETURN(const bool exists, PrivateFileExists(path));
  if (!exists) return Fail(std::move(written).error());
  return false;
}

}  // namespace

Result<crypto::PrivateKey> LoadOrCreateSigningKey(const std::filesystem::path& dir) {
  const std::filesystem::path path = dir / kSigningKeyFile;
  VEIL_ASSIGN_OR_RETURN(const bool exists, PrivateFileExists(path));
  if (!exists) {
    VEIL_ASSIGN_OR_RETURN(auto key, crypto::PrivateKey::Generate(crypto::KeyAlgorithm::kEcP256));
    const crypto::SecretBytes pem = key.ToPem();
    VEIL_ASSIGN_OR_RETURN(const bool wrote, WriteFirstKey(path, pem.span()));
    if (wrote) return key;
  }
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
  VEIL_ASSIGN_OR_RETURN(const bool exists, PrivateFileExists(path));
  if (!exists) {
    crypto::SecretBytes key = crypto::RandomSecretBytes(32);
    VEIL_ASSIGN_OR_RETURN(const bool wrote, WriteFirstKey(path, key.span()));
    if (wrote) return key;
  }
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
