#include "veil/crypto/secret_bytes.h"

#include <openssl/crypto.h>
#include <sys/mman.h>
#include <unistd.h>

#include <atomic>
#include <cstdint>
#include <new>

#include "veil/base/result.h"

namespace veil::crypto {
namespace {

std::atomic<SecretReleaseHook> release_hook{nullptr};

// The whole pages a secret of `size` bytes occupies (at least one).
std::size_t MappedSize(std::size_t size) {
  static const auto kPage = static_cast<std::size_t>(sysconf(_SC_PAGESIZE));
  const std::size_t pages = size == 0 ? 1 : (size - 1) / kPage + 1;
  if (pages > SIZE_MAX / kPage) throw std::bad_alloc();
  return pages * kPage;
}

}  // namespace

std::uint8_t* SecretPageAllocator::allocate(std::size_t size) {
  const std::size_t mapped = MappedSize(size);
  void* pages = mmap(nullptr, mapped, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (pages == MAP_FAILED) throw std::bad_alloc();
  // Never in a core dump. Refused only for an invalid range, which this mapping is not.
  VEIL_CHECK(madvise(pages, mapped, MADV_DONTDUMP) == 0);
  return static_cast<std::uint8_t*>(pages);
}

void SecretPageAllocator::deallocate(std::uint8_t* data, std::size_t size) noexcept {
  const std::size_t mapped = MappedSize(size);
  // The whole mapping: bytes past `size` were never handed out, but cost nothing to clear.
  OPENSSL_cleanse(data, mapped);
  if (const SecretReleaseHook hook = release_hook.load(); hook != nullptr) hook({data, mapped});
  (void)munmap(data, mapped);
}

void SetSecretReleaseHookForTesting(SecretReleaseHook hook) { release_hook.store(hook); }

SecretBytes::SecretBytes(SecretBytes&& other) noexcept : bytes_(std::move(other.bytes_)) {
  other.bytes_.clear();  // a moved-from vector is empty in practice; make it a guarantee
}

SecretBytes& SecretBytes::operator=(SecretBytes&& other) noexcept {
  if (this != &other) {
    Cleanse();
    bytes_ = std::move(other.bytes_);
    other.bytes_.clear();
  }
  return *this;
}

SecretBytes::~SecretBytes() { Cleanse(); }

void SecretBytes::Truncate(std::size_t size) {
  if (size >= bytes_.size()) return;
  OPENSSL_cleanse(bytes_.data() + size, bytes_.size() - size);
  bytes_.resize(size);  // shrinking never reallocates
}

void SecretBytes::Cleanse() {
  if (!bytes_.empty()) OPENSSL_cleanse(bytes_.data(), bytes_.size());
}

bool ConstantTimeEquals(ByteSpan a, ByteSpan b) {
  if (a.size() != b.size()) return false;
  if (a.empty()) return true;
  return CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace veil::crypto
