#include "veil/payload/payload.h"

#include <algorithm>

#include "veil/base/byte_reader.h"
#include "veil/base/hex.h"
#include "veil/crypto/aes_gcm.h"
#include "veil/crypto/random.h"

namespace veil::payload {
namespace {

// The four parts of a payload file, as views into it.
struct PayloadParts {
  ByteSpan authenticated;  // magic, header length and header: the AAD
  PayloadHeader header;
  ByteSpan ciphertext;
  ByteSpan tag;
};

constexpr std::size_t kMagicSize = kPayloadMagic.size();
constexpr std::size_t kFramingSize = kMagicSize + 4 + crypto::kAesGcmTagSize;

Status CheckKeySize(const crypto::SecretBytes& key) {
  if (key.size() != crypto::kAesGcmKeySize) {
    return Fail(InvalidArgument("key of " + std::to_string(key.size()) + " bytes, expected " +
                                std::to_string(crypto::kAesGcmKeySize) + " (AES-256)"));
  }
  return {};
}

void AppendU32Be(Bytes& out, std::uint32_t value) {
  for (int shift = 24; shift >= 0; shift -= 8)
    out.push_back(static_cast<std::uint8_t>(value >> shift));
}

Status CheckMagic(ByteReader& reader) {
  VEIL_ASSIGN_OR_RETURN(ByteSpan magic, reader.Bytes(kMagicSize, "magic"));
  if (!std::equal(magic.begin(), magic.end(), AsBytes(kPayloadMagic).begin())) {
    return Fail(Malformed("magic: expected \"" + std::string(kPayloadMagic) + "\" (" +
                          HexEncode(AsBytes(kPayloadMagic)) + "), found " + HexEncode(magic) +
                          " (not a Veil payload)"));
  }
  return {};
}

Result<ByteSpan> ReadHeaderBytes(ByteReader& reader) {
  VEIL_ASSIGN_OR_RETURN(std::uint32_t length, reader.U32Be("header length"));
  if (length == 0 || length > kMaxHeaderSize) {
    return Fail(Malformed("header length: expected 1.." + std::to_string(kMaxHeaderSize) +
                          ", found " + std::to_string(length)));
  }
  return reader.Bytes(length, "header");
}

Result<PayloadParts> SplitPayload(ByteSpan file) {
  if (file.size() > kMaxPayloadSize) {
    return Fail(Malformed("payload of " + std::to_string(file.size()) +
                          " bytes exceeds the limit of " + std::to_string(kMaxPayloadSize) +
                          " bytes (1 GiB)"));
  }
  ByteReader reader(file);
  VEIL_TRY(CheckMagic(reader));
  VEIL_ASSIGN_OR_RETURN(ByteSpan header_bytes, ReadHeaderBytes(reader));
  const ByteSpan authenticated = reader.consumed();
  VEIL_ASSIGN_OR_RETURN(PayloadHeader header, ParsePayloadHeader(header_bytes));
  if (reader.remaining() < crypto::kAesGcmTagSize) {
    return Fail(Malformed("truncated: need a " + std::to_string(crypto::kAesGcmTagSize) +
                          "-byte tag after the header, " + std::to_string(reader.remaining()) +
                          " bytes remain"));
  }
  const std::size_t ciphertext_size = reader.remaining() - crypto::kAesGcmTagSize;
  if (header.plaintext_size != ciphertext_size) {
    return Fail(Malformed("ciphertext: the header declares plaintext_size " +
                          std::to_string(header.plaintext_size) + ", the file holds " +
                          std::to_string(ciphertext_size) +
                          " bytes of ciphertext (truncated or extended)"));
  }
  VEIL_ASSIGN_OR_RETURN(ByteSpan ciphertext, reader.Bytes(ciphertext_size, "ciphertext"));
  VEIL_ASSIGN_OR_RETURN(ByteSpan tag, reader.Bytes(crypto::kAesGcmTagSize, "tag"));
  return PayloadParts{authenticated, std::move(header), ciphertext, tag};
}

Result<Bytes> Seal(ByteSpan plaintext, const crypto::SecretBytes& key,
                   const protocol::ResourcePath& key_resource) {
  VEIL_TRY(CheckKeySize(key));
  PayloadHeader header{.key_resource = key_resource,
                       .nonce = crypto::RandomBytes(crypto::kAesGcmIvSize),
                       .plaintext_size = plaintext.size()};
  VEIL_ASSIGN_OR_RETURN(std::string header_text, SerializePayloadHeader(header));
  const std::size_t total = kFramingSize + header_text.size() + plaintext.size();
  if (plaintext.size() > kMaxPayloadSize || total > kMaxPayloadSize) {
    return Fail(InvalidArgument("a plaintext of " + std::to_string(plaintext.size()) +
                                " bytes makes a payload above the " +
                                std::to_string(kMaxPayloadSize) + "-byte (1 GiB) limit"));
  }
  Bytes file;
  file.reserve(total);
  file.insert(file.end(), kPayloadMagic.begin(), kPayloadMagic.end());
  AppendU32Be(file, static_cast<std::uint32_t>(header_text.size()));
  file.insert(file.end(), header_text.begin(), header_text.end());
  VEIL_ASSIGN_OR_RETURN(crypto::AesGcmSealed sealed,
                        crypto::AesGcmSeal(key.span(), header.nonce, plaintext, file));
  file.insert(file.end(), sealed.ciphertext.begin(), sealed.ciphertext.end());
  file.insert(file.end(), sealed.tag.begin(), sealed.tag.end());
  return file;
}

// The key came from the trustee under a name the unauthenticated header chose, so it may be any
// secret: the message names the resource and never the length of what it holds.
Status CheckFetchedKey(const crypto::SecretBytes& key, const protocol::ResourcePath& resource) {
  if (key.size() != crypto::kAesGcmKeySize) {
    return Fail(InvalidArgument("the secret " + resource.str() + " is not a " +
                                std::to_string(crypto::kAesGcmKeySize) +
                                "-byte AES-256 key, so it does not open this payload"));
  }
  return {};
}

Result<crypto::SecretBytes> Open(ByteSpan file, const crypto::SecretBytes& key) {
  VEIL_ASSIGN_OR_RETURN(PayloadParts parts, SplitPayload(file));
  VEIL_TRY(CheckFetchedKey(key, parts.header.key_resource));
  auto plaintext = crypto::AesGcmOpen(key.span(), parts.header.nonce, parts.ciphertext, parts.tag,
                                      parts.authenticated);
  if (!plaintext && plaintext.error().code == ErrorCode::kVerificationFailed) {
    return Fail(
        VerificationFailed("the key from " + parts.header.key_resource.str() +
                           " does not open this payload (wrong key, or the payload was modified)"));
  }
  return plaintext;
}

template <class T>
Result<T> InPayloadContext(Result<T> result) {
  return std::move(result).map_error(
      [](Error error) { return std::move(error).WithContext("payload"); });
}

}  // namespace

Result<Bytes> EncryptPayload(ByteSpan plaintext, const crypto::SecretBytes& key,
                             const protocol::ResourcePath& key_resource) {
  return InPayloadContext(Seal(plaintext, key, key_resource));
}

Result<PayloadHeader> ReadPayloadHeader(ByteSpan file) {
  return InPayloadContext(
      SplitPayload(file).map([](PayloadParts parts) { return std::move(parts.header); }));
}

Result<crypto::SecretBytes> DecryptPayload(ByteSpan file, const crypto::SecretBytes& key) {
  return InPayloadContext(Open(file, key));
}

}  // namespace veil::payload
