#pragma once
// The header of a Veil workload payload (docs/formats/payload.md): which key opens the payload
// and how it was sealed. It travels as RFC 8785 canonical JSON,
//   {"alg":"A256GCM","key_resource":"repo/type/tag","nonce":"<base64url>","plaintext_size":n,"version":1}
// and is authenticated as AAD, so it can be trusted only once the payload has been decrypted.

#include <cstdint>
#include <string>

#include "veil/base/bytes.h"
#include "veil/base/result.h"
#include "veil/protocol/resource_path.h"

namespace veil::payload {

inline constexpr std::uint32_t kPayloadVersion = 1;
inline constexpr std::string_view kPayloadAlgorithm =
    "A256GCM";  // AES-256-GCM, 96-bit nonce, 128-bit tag

struct PayloadHeader {
  std::uint32_t version = kPayloadVersion;
  std::string algorithm{kPayloadAlgorithm};
  protocol::ResourcePath key_resource;  // the trustee secret holding the 32-byte key
  Bytes nonce;                          // kAesGcmIvSize bytes
  std::uint64_t plaintext_size = 0;     // bytes of ciphertext (GCM does not pad)
};

// The canonical JSON bytes of `header`. kInvalidArgument when the nonce is not 12 bytes or the
// size cannot be represented exactly in JSON (above 2^53 - 1).
Result<std::string> SerializePayloadHeader(const PayloadHeader& header);

// Strict parse of untrusted header bytes: a JSON object with exactly the five members above,
// `version` 1 and `alg` "A256GCM" (kUnsupported otherwise), a valid resource path, an unpadded
// base64url nonce of 12 bytes, a non-negative integer size, and the bytes must be the canonical
// serialization (no whitespace, sorted members). kMalformed naming the member, expected vs found.
Result<PayloadHeader> ParsePayloadHeader(ByteSpan bytes);

}  // namespace veil::payload
