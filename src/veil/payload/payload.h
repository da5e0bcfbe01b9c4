#pragma once
// The encrypted workload payload (docs/formats/payload.md):
//   "VEILPLD1" | u32 big-endian N | N bytes of header (payload_header.h) | ciphertext | 16-byte tag
// sealed with AES-256-GCM under a key that the trustee holds as the secret `key_resource`.
// The AAD is every byte before the ciphertext, so the header cannot be changed undetected.

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "veil/base/bytes.h"
#include "veil/base/result.h"
#include "veil/crypto/secret_bytes.h"
#include "veil/payload/payload_header.h"
#include "veil/protocol/resource_path.h"

namespace veil::payload {

inline constexpr std::string_view kPayloadMagic = "VEILPLD1";
inline constexpr std::size_t kMaxHeaderSize = 64 * 1024;
// The limit for a whole payload file; the plaintext is smaller by the framing, header and tag.
inline constexpr std::size_t kMaxPayloadSize = std::size_t{1} << 30;

// Seals `plaintext` under `key` (32 bytes) with a fresh random nonce and names `key_resource`
// in the header. kInvalidArgument for a key of another size or a payload above kMaxPayloadSize.
Result<Bytes> EncryptPayload(ByteSpan plaintext, const crypto::SecretBytes& key,
                             const protocol::ResourcePath& key_resource);

// Checks the framing of untrusted payload bytes (size limit, magic, header length, header,
// ciphertext length = plaintext_size, tag) and returns the header, which is NOT authenticated
// yet: only DecryptPayload establishes that it is genuine. kMalformed / kUnsupported naming the
// field with the expected and the found value.
Result<PayloadHeader> ReadPayloadHeader(ByteSpan file);

// ReadPayloadHeader, then AES-256-GCM decryption. kVerificationFailed ("the key from <resource>
// does not open this payload (wrong key, or the payload was modified)") when the tag does not
// authenticate the header and ciphertext under `key`; no plaintext is released then.
Result<crypto::SecretBytes> DecryptPayload(ByteSpan file, const crypto::SecretBytes& key);

}  // namespace veil::payload
