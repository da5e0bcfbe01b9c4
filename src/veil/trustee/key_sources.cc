#include "veil/trustee/key_sources.h"

#include <algorithm>
#include <system_error>

#include "veil/base/base64.h"
#include "veil/base/file.h"
#include "veil/trustee/data_dir.h"
#include "veil/trustee/data_dir_keys.h"

namespace veil::trustee {
namespace {

namespace fs = std::filesystem;

// base64 of 32 bytes: 44 characters with padding.
constexpr std::size_t kKekBase64Size = 44;

Status RequireNotOthersAccessible(const fs::path& path) {
  std::error_code error;
  const fs::file_status status = fs::status(path, error);
  if (error || status.type() == fs::file_type::not_found) {
    if (status.type() == fs::file_type::not_found || error == std::errc::no_such_file_or_directory)
      return Fail(NotFound(path.string() + " does not exist"));
    return Fail(Unavailable("cannot inspect " + path.string() + ": " + error.message()));
  }
  if (status.type() != fs::file_type::regular)
    return Fail(InvalidArgument(path.string() + " is not a regular file"));
  const fs::perms others = fs::perms::others_all;
  if ((status.permissions() & others) != fs::perms::none) {
    return Fail(InvalidArgument(
        path.string() + " is accessible to other users; run chmod o-rwx " + path.string() +
        " (in Kubernetes: defaultMode 0440 on the Secret volume, as deploy/kubernetes sets)"));
  }
  return {};
}

}  // namespace

Result<crypto::SecretBytes> DecodeKekBase64(std::string_view text, std::string_view origin) {
  const std::string where(origin);
  if (text.size() != kKekBase64Size) {
    return Fail(InvalidArgument(where + ": expected the base64 of " + std::to_string(kKekSize) +
                                " bytes (" + std::to_string(kKekBase64Size) +
                                " characters, e.g. from `openssl rand -base64 32`), got " +
                                std::to_string(text.size()) + " characters"));
  }
  auto decoded = Base64Decode(text);
  if (!decoded || decoded->size() != kKekSize) {
    if (decoded) std::fill(decoded->begin(), decoded->end(), 0);
    return Fail(InvalidArgument(where + ": expected the base64 of " + std::to_string(kKekSize) +
                                " bytes, got text that is not"));
  }
  crypto::SecretBytes key(*decoded);
  std::fill(decoded->begin(), decoded->end(), 0);
  return key;
}

Result<crypto::SecretBytes> DecodeKekFile(ByteSpan contents, std::string_view origin) {
  if (contents.size() == kKekSize) return crypto::SecretBytes(contents);
  ByteSpan text = contents;
  if (!text.empty() && text.back() == '\n') text = text.first(text.size() - 1);
  if (text.size() != kKekBase64Size) {
    return Fail(InvalidArgument(std::string(origin) + ": expected " + std::to_string(kKekSize) +
                                " bytes, or their base64 (" + std::to_string(kKekBase64Size) +
                                " characters), found " + std::to_string(contents.size()) +
                                " bytes"));
  }
  return DecodeKekBase64(std::string_view(reinterpret_cast<const char*>(text.data()), text.size()),
                         origin);
}

Result<crypto::SecretBytes> ReadKeyFile(const fs::path& path, std::size_t max_size) {
  VEIL_TRY(RequireNotOthersAccessible(path));
  VEIL_ASSIGN_OR_RETURN(Bytes bytes, ReadFileBytes(path, max_size));
  crypto::SecretBytes key(bytes);
  std::fill(bytes.begin(), bytes.end(), 0);
  return key;
}

Result<KeyEncryptionKey> LoadKeyEncryptionKeyFile(const fs::path& file) {
  std::string origin = "file " + file.string();
  auto contents = ReadKeyFile(file, 4096);
  if (!contents) return Fail(std::move(contents).error().WithContext("key-encryption key"));
  auto key = DecodeKekFile(contents->span(), origin);
  if (!key) return Fail(std::move(key).error().WithContext("key-encryption key"));
  return KeyEncryptionKey{std::move(*key), std::move(origin)};
}

Result<KeyEncryptionKey> LoadKeyEncryptionKey(const TrusteeConfig& config,
                                              std::optional<std::string_view> environment) {
  if (config.key_encryption_key_file && environment) {
    return Fail(InvalidArgument("the key-encryption key is given twice, by the file " +
                                config.key_encryption_key_file->string() + " ([keys] " +
                                "key_encryption_key_file or --kek-file) and by the environment " +
                                "variable " + std::string(kKekEnvironmentVariable) + "; give one"));
  }
  if (config.key_encryption_key_file)
    return LoadKeyEncryptionKeyFile(*config.key_encryption_key_file);
  if (environment) {
    std::string origin = "environment variable " + std::string(kKekEnvironmentVariable);
    auto key = DecodeKekBase64(*environment, origin);
    if (!key) return Fail(std::move(key).error().WithContext("key-encryption key"));
    return KeyEncryptionKey{std::move(*key), std::move(origin)};
  }
  VEIL_ASSIGN_OR_RETURN(crypto::SecretBytes key, LoadOrCreateKeyEncryptionKey(config.data_dir));
  return KeyEncryptionKey{
      std::move(key), "data directory file " + (config.data_dir / kKeyEncryptionKeyFile).string()};
}

Result<crypto::PrivateKey> LoadSigningKey(const TrusteeConfig& config) {
  if (!config.token_signing_key_file) return LoadOrCreateSigningKey(config.data_dir);
  const fs::path& path = *config.token_signing_key_file;
  auto pem = ReadKeyFile(path, 64u << 10);
  if (!pem) return Fail(std::move(pem).error().WithContext("token signing key"));
  auto key = crypto::PrivateKey::FromPem(
      std::string_view(reinterpret_cast<const char*>(pem->span().data()), pem->size()));
  if (!key) return Fail(std::move(key).error().WithContext("token signing key " + path.string()));
  if (!key->IsEc(crypto::EcCurve::kP256)) {
    return Fail(InvalidArgument(path.string() + " holds " + key->Describe() +
                                "; the token signing key must be EC P-256"));
  }
  return key;
}

}  // namespace veil::trustee
