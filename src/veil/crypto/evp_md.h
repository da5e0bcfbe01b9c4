#pragma once
// Maps DigestAlgorithm to OpenSSL's EVP_MD (internal to crypto/).

#include <openssl/evp.h>

#include "veil/crypto/digest.h"

namespace veil::crypto {

inline const EVP_MD* EvpMd(DigestAlgorithm algorithm) {
  switch (algorithm) {
    case DigestAlgorithm::kSha1:
      return EVP_sha1();
    case DigestAlgorithm::kSha256:
      return EVP_sha256();
    case DigestAlgorithm::kSha384:
      return EVP_sha384();
    case DigestAlgorithm::kSha512:
      return EVP_sha512();
  }
  return nullptr;
}

}  // namespace veil::crypto
