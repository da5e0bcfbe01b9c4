#pragma once
// The trustee's two long-lived keys, generated on first start and kept in the data directory:
//   token-signing-key.pem  EC P-256 private key (PKCS#8 PEM) that signs EAR tokens
//   key-encryption-key     32 random bytes sealing the stored secrets (AES-256-GCM)
// Files are created 0600 in the open(2) that creates them, with O_EXCL (a concurrent first start
// cannot interleave two keys: the second loads the first one's key), and refused when they are
// symlinks, not the trustee user's, or group- or world-accessible (base/private_file.h).

#include <filesystem>

#include "veil/base/result.h"
#include "veil/crypto/private_key.h"
#include "veil/crypto/secret_bytes.h"

namespace veil::trustee {

// Both expect EnsureDataDir (data_dir.h) to have accepted `dir`.
Result<crypto::PrivateKey> LoadOrCreateSigningKey(const std::filesystem::path& dir);
Result<crypto::SecretBytes> LoadOrCreateKeyEncryptionKey(const std::filesystem::path& dir);

}  // namespace veil::trustee
