#pragma once
// gocryptfs, the reviewed encrypted file system behind [[workload.volumes]] (Debian package
// `gocryptfs`, over FUSE): AES-256-GCM per 4 KiB block, authenticated and encrypted file names,
// a master key wrapped by a password in gocryptfs.conf. Veil gives it the volume key from the
// trustee, hex-encoded, as that password, through the tool's stdin (tool_process.h). What it does
// not protect — file sizes, the directory tree's shape, rolling a file back to an older version of
// itself — is in docs/storage.md.

#include <filesystem>

#include "veil/agent/volumes/tool_process.h"
#include "veil/base/bytes.h"
#include "veil/base/result.h"
#include "veil/crypto/secret_bytes.h"

namespace veil::agent {

// The gocryptfs password for a volume key: lowercase hex and a newline. kInvalidArgument when the
// key is shorter than 16 bytes.
Result<crypto::SecretBytes> GocryptfsPassword(ByteSpan key);

class Gocryptfs {
 public:
  // Finds the gocryptfs binary in /usr/sbin:/usr/bin:/sbin:/bin; kNotFound naming the package.
  static Result<Gocryptfs> Find();
  explicit Gocryptfs(std::filesystem::path binary) : binary_(std::move(binary)) {}

  // gocryptfs -init: makes `cipher_dir` (existing, empty) a volume unlocked by `password`.
  Status Init(const std::filesystem::path& cipher_dir, ByteSpan password) const;
  // gocryptfs -fsck: every file decrypts and authenticates. The error says whether the password is
  // wrong or how many files are corrupt (never which: file names are the workload's).
  Status Check(const std::filesystem::path& cipher_dir, ByteSpan password) const;
  // Mounts `cipher_dir` at `mountpoint` (foreground daemon, -allow_other so the workload user
  // reaches it) and returns once the mount is in place; the daemon runs until unmounted.
  Result<ToolProcess> Mount(const std::filesystem::path& cipher_dir,
                            const std::filesystem::path& mountpoint, ByteSpan password) const;

 private:
  std::filesystem::path binary_;
};

}  // namespace veil::agent
