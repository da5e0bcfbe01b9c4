#include "veil/crypto/random.h"

#include <openssl/rand.h>

#include <algorithm>
#include <climits>

#include "veil/base/result.h"

namespace veil::crypto {
namespace {

void FillRandom(std::span<std::uint8_t> out) {
  // RAND_bytes takes an int length; larger requests are served in chunks.
  while (!out.empty()) {
    const std::size_t chunk = std::min<std::size_t>(out.size(), INT_MAX);
    VEIL_CHECK(RAND_bytes(out.data(), static_cast<int>(chunk)) == 1);
    out = out.subspan(chunk);
  }
}

}  // namespace

Bytes RandomBytes(std::size_t count) {
  Bytes out(count);
  FillRandom(out);
  return out;
}

SecretBytes RandomSecretBytes(std::size_t count) {
  SecretBytes out(count);
  FillRandom(out.mutable_span());
  return out;
}

}  // namespace veil::crypto
