#pragma once
// SecretBytes: key material and decrypted secrets. The buffer is cleansed (OPENSSL_cleanse)
// when the object is destroyed, assigned over or truncated; moving leaves the source empty.
// It cannot be copied implicitly (use Clone) and has no operator<<, so a secret cannot reach a
// log by accident.

#include <cstddef>
#include <cstdint>
#include <span>

#include "veil/base/bytes.h"

namespace veil::crypto {

class SecretBytes {
 public:
  SecretBytes() = default;
  // `size` zero bytes, to be filled through mutable_span().
  explicit SecretBytes(std::size_t size) : bytes_(size, 0) {}
  // A copy of `bytes` (the caller remains responsible for its own buffer).
  explicit SecretBytes(ByteSpan bytes) : bytes_(bytes.begin(), bytes.end()) {}

  SecretBytes(const SecretBytes&) = delete;
  SecretBytes& operator=(const SecretBytes&) = delete;
  SecretBytes(SecretBytes&& other) noexcept;
  SecretBytes& operator=(SecretBytes&& other) noexcept;
  ~SecretBytes();

  SecretBytes Clone() const { return SecretBytes(span()); }

  ByteSpan span() const { return bytes_; }
  std::span<std::uint8_t> mutable_span() { return bytes_; }
  std::size_t size() const { return bytes_.size(); }
  bool empty() const { return bytes_.empty(); }

  // Keeps the first `size` bytes and cleanses the rest (for outputs shorter than their bound).
  void Truncate(std::size_t size);

 private:
  void Cleanse();

  Bytes bytes_;
};

// Constant-time comparison (CRYPTO_memcmp); false when the sizes differ (sizes are not secret).
bool ConstantTimeEquals(ByteSpan a, ByteSpan b);

}  // namespace veil::crypto
