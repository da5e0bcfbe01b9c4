#pragma once
// SecretBytes: key material and decrypted secrets. The buffer is cleansed (OPENSSL_cleanse)
// when the object is destroyed, assigned over or truncated; moving leaves the source empty.
// It cannot be copied implicitly (use Clone) and has no operator<<, so a secret cannot reach a
// log by accident.
//
// The buffer lives in its own anonymous mapping (SecretPageAllocator): whole pages, never shared
// with other heap data, marked MADV_DONTDUMP so that a core dump leaves them out even if the
// process was made dumpable again, and cleansed before they are unmapped. A secret therefore costs
// at least one page (4 KiB); processes hold few at a time. Allocation failure throws
// std::bad_alloc, as operator new would.

#include <cstddef>
#include <cstdint>
#include <span>
#include <type_traits>
#include <vector>

#include "veil/base/bytes.h"

namespace veil::crypto {

// A std::allocator replacement for secret bytes: mmap'ed pages with MADV_DONTDUMP, cleansed and
// unmapped on release.
struct SecretPageAllocator {
  using value_type = std::uint8_t;
  template <class U>
  struct rebind {  // std::vector rebinds to its own value type, the only one this allocator has
    static_assert(std::is_same_v<U, std::uint8_t>);
    using other = SecretPageAllocator;
  };
  SecretPageAllocator() = default;
  std::uint8_t* allocate(std::size_t size);
  void deallocate(std::uint8_t* data, std::size_t size) noexcept;
  friend bool operator==(SecretPageAllocator, SecretPageAllocator) { return true; }
};

// Test hook: called with every secret mapping after it was cleansed and before it is unmapped
// (null to remove). Lets a test check the zeroing without reading freed memory.
using SecretReleaseHook = void (*)(ByteSpan released_pages);
void SetSecretReleaseHookForTesting(SecretReleaseHook hook);

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

  std::vector<std::uint8_t, SecretPageAllocator> bytes_;
};

// Constant-time comparison (CRYPTO_memcmp); false when the sizes differ (sizes are not secret).
bool ConstantTimeEquals(ByteSpan a, ByteSpan b);

}  // namespace veil::crypto
