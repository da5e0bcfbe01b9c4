#pragma once
// Seals secrets for the store: AES-256-GCM under the trustee's key-encryption key, a fresh
// 96-bit IV per seal, and the resource path as additional data so a sealed value moved to
// another path does not open. Layout: version (1) || IV (12) || tag (16) || ciphertext.

#include <string_view>

#include "veil/base/bytes.h"
#include "veil/base/result.h"
#include "veil/crypto/secret_bytes.h"

namespace veil::kbs {

class SecretSealer {
 public:
  // `key_encryption_key` must be 32 bytes.
  static Result<SecretSealer> Create(crypto::SecretBytes key_encryption_key);

  Result<Bytes> Seal(ByteSpan plaintext, std::string_view resource_path) const;
  // kVerificationFailed when the bytes were altered, sealed for another path or under another key.
  Result<crypto::SecretBytes> Open(ByteSpan sealed, std::string_view resource_path) const;

 private:
  explicit SecretSealer(crypto::SecretBytes key) : key_(std::move(key)) {}
  crypto::SecretBytes key_;
};

}  // namespace veil::kbs
