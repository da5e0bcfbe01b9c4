#include "veil/crypto/digest.h"

#include <openssl/evp.h>

#include "veil/crypto/evp_md.h"
#include "veil/crypto/ossl_ptr.h"

namespace veil::crypto {

std::string_view DigestName(DigestAlgorithm algorithm) {
  switch (algorithm) {
    case DigestAlgorithm::kSha1:
      return "sha1";
    case DigestAlgorithm::kSha256:
      return "sha256";
    case DigestAlgorithm::kSha384:
      return "sha384";
    case DigestAlgorithm::kSha512:
      return "sha512";
  }
  return "unknown";
}

std::size_t DigestSize(DigestAlgorithm algorithm) {
  switch (algorithm) {
    case DigestAlgorithm::kSha1:
      return 20;
    case DigestAlgorithm::kSha256:
      return 32;
    case DigestAlgorithm::kSha384:
      return 48;
    case DigestAlgorithm::kSha512:
      return 64;
  }
  return 0;
}

std::optional<DigestAlgorithm> DigestFromName(std::string_view name) {
  for (auto algorithm : {DigestAlgorithm::kSha1, DigestAlgorithm::kSha256, DigestAlgorithm::kSha384,
                         DigestAlgorithm::kSha512}) {
    if (DigestName(algorithm) == name) return algorithm;
  }
  return std::nullopt;
}

Bytes Digest(DigestAlgorithm algorithm, ByteSpan data) {
  Bytes out(DigestSize(algorithm));
  unsigned int length = 0;
  // EVP_Digest only fails on allocation failure or an unavailable algorithm: both are bugs here.
  VEIL_CHECK(EVP_Digest(data.data(), data.size(), out.data(), &length, EvpMd(algorithm), nullptr) ==
             1);
  VEIL_CHECK(length == out.size());
  return out;
}

}  // namespace veil::crypto
