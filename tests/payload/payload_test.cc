// The payload file: round trips, its exact layout, and every tampering refused.

#include "veil/payload/payload.h"

#include <gtest/gtest.h>
#include <sys/mman.h>

#include <algorithm>

#include "veil/base/hex.h"
#include "veil/crypto/digest.h"
#include "veil/crypto/random.h"

namespace veil::payload {
namespace {

constexpr std::string_view kExpectedFailure =
    "payload: the key from default/payload/web does not open this payload (wrong key, or the "
    "payload was modified)";

protocol::ResourcePath Resource(std::string_view text = "default/payload/web") {
  return protocol::ResourcePath::Parse(text).value();
}

crypto::SecretBytes Key(std::uint8_t fill) {
  crypto::SecretBytes key(32);
  std::fill(key.mutable_span().begin(), key.mutable_span().end(), fill);
  return key;
}

std::size_t HeaderLength(ByteSpan file) {
  return std::size_t{file[8]} << 24 | std::size_t{file[9]} << 16 | std::size_t{file[10]} << 8 |
         file[11];
}

Bytes Sealed(ByteSpan plaintext, std::uint8_t key_fill = 7) {
  auto file = EncryptPayload(plaintext, Key(key_fill), Resource());
  EXPECT_TRUE(file) << file.error().ToString();
  return file.value_or(Bytes());
}

void ExpectRefused(ByteSpan file, ErrorCode code, std::string_view message) {
  const auto plaintext = DecryptPayload(file, Key(7));
  ASSERT_FALSE(plaintext) << "decrypted, expected: " << message;
  EXPECT_EQ(plaintext.error().code, code) << plaintext.error().ToString();
  EXPECT_EQ(plaintext.error().ToString().rfind(message, 0), 0u) << plaintext.error().ToString();
}

// `size` readable zero bytes that cost no memory until touched (the limits are checked first).
class UntouchedRegion {
 public:
  explicit UntouchedRegion(std::size_t size)
      : size_(size),
        data_(
            ::mmap(nullptr, size, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0)) {
    VEIL_CHECK(data_ != MAP_FAILED);
  }
  ~UntouchedRegion() { ::munmap(data_, size_); }
  UntouchedRegion(const UntouchedRegion&) = delete;
  UntouchedRegion& operator=(const UntouchedRegion&) = delete;

  ByteSpan span() const { return {static_cast<const std::uint8_t*>(data_), size_}; }

 private:
  std::size_t size_;
  void* data_;
};

TEST(Payload, RoundTripsPlaintextsOfManySizes) {
  for (std::size_t size : {0u, 1u, 15u, 16u, 17u, 4096u, 1u << 20}) {
    const Bytes plaintext = crypto::RandomBytes(size);
    const Bytes file = Sealed(plaintext);
    const auto opened = DecryptPayload(file, Key(7));
    ASSERT_TRUE(opened) << size << ": " << opened.error().ToString();
    EXPECT_TRUE(std::equal(opened->span().begin(), opened->span().end(), plaintext.begin(),
                           plaintext.end()))
        << size;
  }
}

// docs/formats/payload.md, "Worked example": computed independently of Veil (Python's
// `cryptography` AESGCM and `struct`), so the layout, the AAD and the header bytes are pinned.
TEST(Payload, OpensTheKnownAnswerVector) {
  const std::string header =
      R"({"alg":"A256GCM","key_resource":"default/payload/web","nonce":"AAECAwQFBgcICQoL","plaintext_size":5,"version":1})";
  Bytes file = HexDecode("5645494c504c443100000070").value();
  file.insert(file.end(), header.begin(), header.end());
  const Bytes sealed = HexDecode(
                           "70e4851c72"
                           "1a8abb8f242bed95659ecbabac7d471a")
                           .value();
  file.insert(file.end(), sealed.begin(), sealed.end());
  ASSERT_EQ(file.size(), 145u);

  const auto opened = DecryptPayload(file, Key(7));
  ASSERT_TRUE(opened) << opened.error().ToString();
  EXPECT_EQ(std::string(opened->span().begin(), opened->span().end()), "hello");
  EXPECT_EQ(HexEncode(crypto::Sha256(file)),
            "a232e216c0c94d2b34e819098adfe76f79fa46e8ecf09e8ee823064d3652672b");
}

TEST(Payload, LayoutIsMagicLengthHeaderCiphertextTag) {
  const Bytes plaintext(100, 0xAB);
  const Bytes file = Sealed(plaintext);
  ASSERT_GE(file.size(), 12u);
  EXPECT_EQ(std::string(file.begin(), file.begin() + 8), "VEILPLD1");
  const std::size_t header_length = HeaderLength(file);
  EXPECT_EQ(file.size(), 8 + 4 + header_length + plaintext.size() + 16);
  const std::string header(file.begin() + 12,
                           file.begin() + 12 + static_cast<std::ptrdiff_t>(header_length));
  EXPECT_EQ(header.rfind(R"({"alg":"A256GCM","key_resource":"default/payload/web","nonce":")", 0),
            0u)
      << header;
  EXPECT_NE(header.find(R"(","plaintext_size":100,"version":1})"), std::string::npos) << header;
  // GCM is a stream mode: the ciphertext is as long as the plaintext and is not the plaintext.
  const auto ciphertext = ByteSpan(file).subspan(12 + header_length, plaintext.size());
  EXPECT_FALSE(std::equal(ciphertext.begin(), ciphertext.end(), plaintext.begin()));
}

TEST(Payload, ReadPayloadHeaderNeedsNoKey) {
  const Bytes file = Sealed(AsBytes("bundle"));
  const auto header = ReadPayloadHeader(file);
  ASSERT_TRUE(header) << header.error().ToString();
  EXPECT_EQ(header->key_resource.str(), "default/payload/web");
  EXPECT_EQ(header->plaintext_size, 6u);
  EXPECT_EQ(header->nonce.size(), 12u);
}

TEST(Payload, EveryEncryptionUsesAFreshNonce) {
  const Bytes first = Sealed(AsBytes("same"));
  const Bytes second = Sealed(AsBytes("same"));
  EXPECT_NE(ReadPayloadHeader(first)->nonce, ReadPayloadHeader(second)->nonce);
  EXPECT_NE(first, second);
}

TEST(Payload, WrongKeySaysWhichKeyFailed) {
  const Bytes file = Sealed(AsBytes("bundle"));
  const auto opened = DecryptPayload(file, Key(8));
  ASSERT_FALSE(opened);
  EXPECT_EQ(opened.error().code, ErrorCode::kVerificationFailed);
  EXPECT_EQ(opened.error().ToString(), kExpectedFailure);
}

TEST(Payload, EveryFlippedByteOfCiphertextOrTagFailsAuthentication) {
  const Bytes file = Sealed(Bytes(40, 0x11));
  for (std::size_t i = 12 + HeaderLength(file); i < file.size(); ++i) {
    Bytes tampered = file;
    tampered[i] ^= 0x01;
    SCOPED_TRACE(i);
    ExpectRefused(tampered, ErrorCode::kVerificationFailed, kExpectedFailure);
  }
}

TEST(Payload, EveryFlippedByteBeforeTheCiphertextIsRefused) {
  const Bytes file = Sealed(Bytes(40, 0x11));
  for (std::size_t i = 0; i < 12 + HeaderLength(file); ++i) {
    for (const std::uint8_t flip : {std::uint8_t{0x01}, std::uint8_t{0x80}}) {
      Bytes tampered = file;
      tampered[i] ^= flip;
      const auto opened = DecryptPayload(tampered, Key(7));
      EXPECT_FALSE(opened) << "a flip of byte " << i << " went unnoticed";
    }
  }
}

TEST(Payload, AValidButChangedHeaderFailsAuthentication) {
  Bytes file = Sealed(AsBytes("bundle"));
  const std::string_view original = "default/payload/web";
  const auto at = std::search(file.begin(), file.end(), original.begin(), original.end());
  ASSERT_NE(at, file.end());
  *(at + static_cast<std::ptrdiff_t>(original.size()) - 1) = 'x';  // default/payload/wex
  ASSERT_EQ(ReadPayloadHeader(file)->key_resource.str(), "default/payload/wex");
  ExpectRefused(file, ErrorCode::kVerificationFailed,
                "payload: the key from default/payload/wex does not open this payload (wrong key, "
                "or the payload was "
                "modified)");
}

TEST(Payload, EveryTruncationIsRefused) {
  const Bytes file = Sealed(Bytes(32, 0x22));
  const std::size_t header_end = 12 + HeaderLength(file);
  for (std::size_t size = 0; size < file.size(); ++size) {
    const ByteSpan truncated = ByteSpan(file).first(size);
    const auto header = ReadPayloadHeader(truncated);
    ASSERT_FALSE(header) << "a truncation to " << size << " bytes was accepted";
    EXPECT_EQ(header.error().code, ErrorCode::kMalformed) << header.error().ToString();
    EXPECT_FALSE(DecryptPayload(truncated, Key(7)));
  }
  ExpectRefused(ByteSpan(file).first(4), ErrorCode::kMalformed,
                "payload: truncated magic: need 8 bytes, 4 remain");
  ExpectRefused(ByteSpan(file).first(10), ErrorCode::kMalformed,
                "payload: truncated header length: need 4 bytes, 2 remain");
  ExpectRefused(ByteSpan(file).first(20), ErrorCode::kMalformed,
                "payload: truncated header: need ");
  ExpectRefused(ByteSpan(file).first(header_end + 15), ErrorCode::kMalformed,
                "payload: truncated: need a 16-byte tag after the header, 15 bytes remain");
  ExpectRefused(ByteSpan(file).first(file.size() - 1), ErrorCode::kMalformed,
                "payload: ciphertext: the header declares plaintext_size 32, the file holds 31 "
                "bytes of ciphertext "
                "(truncated or extended)");
}

TEST(Payload, AnAppendedByteIsRefused) {
  Bytes file = Sealed(Bytes(32, 0x22));
  file.push_back(0);
  ExpectRefused(file, ErrorCode::kMalformed,
                "payload: ciphertext: the header declares plaintext_size 32, the file holds 33");
}

TEST(Payload, WrongMagicIsNotAPayload) {
  Bytes file = Sealed(AsBytes("bundle"));
  file[7] = '2';
  ExpectRefused(file, ErrorCode::kMalformed,
                "payload: magic: expected \"VEILPLD1\" (5645494c504c4431), found 5645494c504c4432 "
                "(not a Veil payload)");
}

TEST(Payload, HeaderLengthIsBounded) {
  const Bytes file = Sealed(AsBytes("bundle"));
  const struct {
    std::uint32_t length;
    std::string_view message;
  } cases[] = {
      {0, "payload: header length: expected 1..65536, found 0"},
      {65537, "payload: header length: expected 1..65536, found 65537"},
      {0xFFFFFFFF, "payload: header length: expected 1..65536, found 4294967295"},
      {65536, "payload: truncated header: need 65536 bytes, "},
  };
  for (const auto& c : cases) {
    Bytes tampered = file;
    for (int i = 0; i < 4; ++i)
      tampered[8 + static_cast<std::size_t>(i)] =
          static_cast<std::uint8_t>(c.length >> (24 - 8 * i));
    SCOPED_TRACE(c.length);
    ExpectRefused(tampered, ErrorCode::kMalformed, c.message);
  }
}

TEST(Payload, KeysMustBe32Bytes) {
  const crypto::SecretBytes short_key(16);
  const auto sealed = EncryptPayload(AsBytes("x"), short_key, Resource());
  ASSERT_FALSE(sealed);
  EXPECT_EQ(sealed.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(sealed.error().ToString(), "payload: key of 16 bytes, expected 32 (AES-256)");
  const auto opened = DecryptPayload(Sealed(AsBytes("x")), short_key);
  ASSERT_FALSE(opened);
  EXPECT_EQ(opened.error().code, ErrorCode::kInvalidArgument);
  // The header may name any secret: its length is never told (issue 19 finding 7).
  EXPECT_EQ(opened.error().ToString(),
            "payload: the secret " + Resource().str() +
                " is not a 32-byte AES-256 key, so it does not open this payload");
  for (std::size_t size : {0u, 1u, 31u, 33u, 4096u}) {
    const auto other = DecryptPayload(Sealed(AsBytes("x")), crypto::SecretBytes(size));
    ASSERT_FALSE(other);
    EXPECT_EQ(other.error().message.find(std::to_string(size) + " bytes"), std::string::npos)
        << other.error().message;
    EXPECT_EQ(other.error().message, opened.error().message);
  }
}

TEST(Payload, WholePayloadsAreLimitedToOneGibibyte) {
  const UntouchedRegion too_big(kMaxPayloadSize + 1);
  const auto header = ReadPayloadHeader(too_big.span());
  ASSERT_FALSE(header);
  EXPECT_EQ(header.error().ToString(),
            "payload: payload of 1073741825 bytes exceeds the limit of 1073741824 bytes (1 GiB)");

  const UntouchedRegion plaintext(kMaxPayloadSize - 100);
  const auto sealed = EncryptPayload(plaintext.span(), Key(7), Resource());
  ASSERT_FALSE(sealed);
  EXPECT_EQ(sealed.error().code, ErrorCode::kInvalidArgument);
  EXPECT_NE(sealed.error().message.find("makes a payload above the 1073741824-byte (1 GiB) limit"),
            std::string::npos)
      << sealed.error().message;
}

}  // namespace
}  // namespace veil::payload
