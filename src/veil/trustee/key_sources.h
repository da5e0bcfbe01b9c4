#pragma once
// Where veil-trustee's two keys come from (docs/trustee-config.md, [keys]):
//   key-encryption key (KEK): the file [keys] key_encryption_key_file (--kek-file), or the
//     environment variable VEIL_KEK, or else the data directory's generated `key-encryption-key`.
//     A file and VEIL_KEK together are refused as ambiguous.
//   token signing key: the file [keys] token_signing_key_file (--token-signing-key-file), PEM
//     EC P-256, or else the data directory's generated `token-signing-key.pem`.
// A KEK is 32 bytes: a file holds them raw or as their standard base64 (44 characters, one
// trailing newline allowed); VEIL_KEK holds the base64. A configured file is never generated: a
// missing one refuses the start. Configured files may be symlinks owned by another user (a
// Kubernetes Secret volume is both), but others ("o" in chmod) must have no access to them.

#include <optional>
#include <string>
#include <string_view>

#include "veil/base/bytes.h"
#include "veil/base/result.h"
#include "veil/crypto/private_key.h"
#include "veil/crypto/secret_bytes.h"
#include "veil/trustee/config.h"

namespace veil::trustee {

inline constexpr std::string_view kKekEnvironmentVariable = "VEIL_KEK";
inline constexpr std::size_t kKekSize = 32;

struct KeyEncryptionKey {
  crypto::SecretBytes bytes;  // kKekSize
  std::string origin;         // where it came from, for messages ("file /etc/veil/kek/...")
};

// The base64 of kKekSize bytes; kInvalidArgument naming `origin` (never the text) otherwise.
Result<crypto::SecretBytes> DecodeKekBase64(std::string_view text, std::string_view origin);
// kKekSize raw bytes, or DecodeKekBase64 of the text less one trailing newline.
Result<crypto::SecretBytes> DecodeKekFile(ByteSpan contents, std::string_view origin);

// A configured key file's bytes (at most `max_size`), following symlinks: kNotFound when it does
// not exist, kInvalidArgument when it is not a regular file or others may access it.
Result<crypto::SecretBytes> ReadKeyFile(const std::filesystem::path& path, std::size_t max_size);

// The KEK `config` and the environment select: `environment` is VEIL_KEK's value when set. The
// data directory's key is generated on first use (EnsureDataDir must have accepted it).
Result<KeyEncryptionKey> LoadKeyEncryptionKey(const TrusteeConfig& config,
                                              std::optional<std::string_view> environment);
// The KEK in `file` (rotate-kek --new-kek-file).
Result<KeyEncryptionKey> LoadKeyEncryptionKeyFile(const std::filesystem::path& file);

// The token signing key `config` selects, generated in the data directory when none is.
Result<crypto::PrivateKey> LoadSigningKey(const TrusteeConfig& config);

}  // namespace veil::trustee
