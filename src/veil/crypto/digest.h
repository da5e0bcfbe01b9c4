#pragma once
// Message digests by algorithm name (SHA-1 only where a format mandates it, e.g. TPM PCR banks).

#include <optional>
#include <string_view>

#include "veil/base/bytes.h"
#include "veil/base/result.h"

namespace veil::crypto {

enum class DigestAlgorithm { kSha1, kSha256, kSha384, kSha512 };

std::string_view DigestName(DigestAlgorithm algorithm);  // "sha256"
std::size_t DigestSize(DigestAlgorithm algorithm);       // 32
std::optional<DigestAlgorithm> DigestFromName(std::string_view name);

Bytes Digest(DigestAlgorithm algorithm, ByteSpan data);
inline Bytes Sha256(ByteSpan data) { return Digest(DigestAlgorithm::kSha256, data); }
inline Bytes Sha384(ByteSpan data) { return Digest(DigestAlgorithm::kSha384, data); }

}  // namespace veil::crypto
